package org.carepath.coordination.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import org.carepath.coordination.pathway.StepTiming;
import org.carepath.coordination.pathway.WorkingCalendar;
import org.carepath.coordination.terminology.Code;
import org.junit.jupiter.api.Test;

class ReferralClockPolicyTest {

  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final Code HOT_CLINIC = new Code("https://example.org/service", "hot-clinic");
  private static final Code FALLS = new Code("https://example.org/service", "falls-team");
  // Monday 23 November 2026, 10:00 in London (GMT).
  private static final Instant MONDAY_10 =
      ZonedDateTime.parse("2026-11-23T10:00:00Z[Europe/London]").toInstant();

  private static ReferralClockPolicy policy(StepTiming hotClinicAccept) {
    return new ReferralClockPolicy(
        Set.of(HOT_CLINIC), hotClinicAccept, 1, 5, LONDON, new WorkingCalendar(Set.of()));
  }

  @Test
  void aHotClinicAcceptanceWithinNinetyMinutesIsDueNinetyMinutesAfterSending() {
    // Before: a PT90M setting was cut to whole hours, so the referral breached after an hour.
    ReferralClockPolicy policy = policy(new StepTiming.After(Duration.ofMinutes(90)));
    assertThat(policy.acceptBy(Set.of(HOT_CLINIC), "urgent", MONDAY_10))
        .isEqualTo(MONDAY_10.plus(Duration.ofMinutes(90)));
  }

  @Test
  void anUrgentReferralIsDueByTheEndOfTheNextWorkingDayAndARoutineOneByTheFifth() {
    ReferralClockPolicy policy = policy(StepTiming.After.hours(2));
    assertThat(policy.acceptBy(Set.of(FALLS), "urgent", MONDAY_10))
        .isEqualTo(ZonedDateTime.parse("2026-11-24T23:59:59Z[Europe/London]").toInstant());
    assertThat(policy.acceptBy(Set.of(FALLS), "routine", MONDAY_10))
        .isEqualTo(ZonedDateTime.parse("2026-11-30T23:59:59Z[Europe/London]").toInstant());
    assertThat(policy.isHotClinic(Set.of(FALLS))).isFalse();
    assertThat(policy.isHotClinic(Set.of(HOT_CLINIC))).isTrue();
  }
}
