package org.carepath.server.pathway;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Pathway engine settings.
 *
 * @param zone the time zone whose days pathway clocks count (Europe/London)
 * @param bankHolidays days that are not working days besides weekends: England's bank holidays
 *     (published by GOV.UK); extend the list each year
 * @param clinicalLeadAfter how long a breaching step's escalation to the coordinator may stay open
 *     before the clinical lead is asked too (1 day)
 * @param dueSoon how far ahead a worklist's "due soon" looks (7 days)
 * @param worklistLimit the most steps a worklist lists per pathway and group (counts are always
 *     complete)
 * @param diabetesTrigger what a new diabetes diagnosis does: {@code enrol}, or {@code suggest} (a
 *     Task asking the coordinator), or {@code none}
 */
@ConfigurationProperties("carepath.pathway")
public record PathwayProperties(
    @DefaultValue("Europe/London") ZoneId zone,
    @DefaultValue({
          "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25",
          "2025-12-25", "2025-12-26", "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04",
          "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28", "2027-01-01", "2027-03-26",
          "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"
        })
        List<LocalDate> bankHolidays,
    @DefaultValue("P1D") Duration clinicalLeadAfter,
    @DefaultValue("P7D") Duration dueSoon,
    @DefaultValue("50") int worklistLimit,
    @DefaultValue("enrol") String diabetesTrigger) {}
