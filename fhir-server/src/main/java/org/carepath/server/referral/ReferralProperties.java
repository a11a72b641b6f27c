package org.carepath.server.referral;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Referral settings (PATHWAYS.md §1, §6). Codes are {@code system|code}.
 *
 * @param hotClinicAcceptWithin a HOT clinic referral is accepted (or rejected) within this (2 h)
 * @param urgentAcceptWorkingDays an urgent, asap or stat referral is accepted by the end of this
 *     many working days after it is sent (1)
 * @param routineAcceptWorkingDays a routine one by the end of this many working days (5)
 * @param hotClinicServiceTypes services whose acceptance enrols the patient in the HOT clinic
 *     pathway and whose clock is in hours
 * @param fallsServiceTypes services that need a multifactorial falls assessment first
 * @param fallsAssessmentCodes what records a multifactorial falls assessment: a completed Task or
 *     Procedure, or a final Observation, with one of these codes (by default the pathways' falls
 *     assessment steps; add the SNOMED CT codes your systems record)
 * @param dementiaSupportServiceType the service a dementia diagnosis is referred to
 */
@ConfigurationProperties("carepath.referral")
public record ReferralProperties(
    @DefaultValue("PT2H") Duration hotClinicAcceptWithin,
    @DefaultValue("1") int urgentAcceptWorkingDays,
    @DefaultValue("5") int routineAcceptWorkingDays,
    @DefaultValue("https://fhir.carepath.org/CodeSystem/service-type|hot-clinic")
        List<String> hotClinicServiceTypes,
    @DefaultValue("https://fhir.carepath.org/CodeSystem/service-type|falls-team")
        List<String> fallsServiceTypes,
    @DefaultValue({
          "https://fhir.carepath.org/CodeSystem/pathway-step|frailty-falls-assessment",
          "https://fhir.carepath.org/CodeSystem/pathway-step|care-home-falls-assessment"
        })
        List<String> fallsAssessmentCodes,
    @DefaultValue("https://fhir.carepath.org/CodeSystem/service-type|dementia-support")
        String dementiaSupportServiceType) {}
