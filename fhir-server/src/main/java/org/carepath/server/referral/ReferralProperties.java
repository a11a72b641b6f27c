package org.carepath.server.referral;

import java.util.List;
import org.carepath.coordination.Canonical;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Referral settings (PATHWAYS.md §1, §6). Codes are {@code system|code}.
 *
 * @param urgentAcceptWorkingDays an urgent, asap or stat referral is accepted by the end of this
 *     many working days after it is sent (1)
 * @param routineAcceptWorkingDays a routine one by the end of this many working days (5)
 * @param hotClinicServiceTypes services whose acceptance enrols the patient in the HOT clinic
 *     pathway and whose acceptance clock is the timing of that pathway's {@code hot-clinic-accept}
 *     step (PlanDefinition {@code hot-clinic}: 2 hours)
 * @param fallsServiceTypes services that need a multifactorial falls assessment first
 * @param fallsAssessmentCodes what records a multifactorial falls assessment: a completed Task or
 *     Procedure, or a final Observation, with one of these codes (by default the pathways' falls
 *     assessment steps; add the SNOMED CT codes your systems record)
 * @param dementiaSupportServiceType the service a dementia diagnosis is referred to
 */
@ConfigurationProperties("carepath.referral")
public record ReferralProperties(
    @DefaultValue("1") int urgentAcceptWorkingDays,
    @DefaultValue("5") int routineAcceptWorkingDays,
    @DefaultValue(Canonical.BASE + "/CodeSystem/service-type|hot-clinic")
        List<String> hotClinicServiceTypes,
    @DefaultValue(Canonical.BASE + "/CodeSystem/service-type|falls-team")
        List<String> fallsServiceTypes,
    @DefaultValue({
          Canonical.BASE + "/CodeSystem/pathway-step|frailty-falls-assessment",
          Canonical.BASE + "/CodeSystem/pathway-step|care-home-falls-assessment"
        })
        List<String> fallsAssessmentCodes,
    @DefaultValue(Canonical.BASE + "/CodeSystem/service-type|dementia-support")
        String dementiaSupportServiceType) {}
