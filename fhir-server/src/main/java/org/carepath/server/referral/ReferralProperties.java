package org.carepath.server.referral;

import java.time.Duration;
import java.util.List;
import org.carepath.coordination.Canonical;
import org.carepath.server.security.OutboundHosts;
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
 * @param replies the response messages sent to a referral message's sender when the service
 *     accepts, rejects, starts or completes the referral
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
        String dementiaSupportServiceType,
    @DefaultValue Replies replies) {

  /**
   * Response messages to a referral message's sender ({@code MessageHeader.source.endpoint}).
   *
   * @param hosts the hosts replies may be sent to (the BaRS API proxy's, in production); a sender
   *     naming any other gets no asynchronous replies. Empty — the default — sends none.
   * @param firstRetryAfter how long after a failed delivery it is tried again (5 s), doubling with
   *     each further failure
   * @param maxRetryAfter the longest wait between tries (10 min); delivery never gives up
   * @param timeout how long the sender's endpoint may take to answer (10 s)
   * @param sweepEvery how often a replica looks for replies whose delivery is not scheduled (30 s)
   */
  public record Replies(
      List<String> hosts,
      @DefaultValue("5s") Duration firstRetryAfter,
      @DefaultValue("10m") Duration maxRetryAfter,
      @DefaultValue("10s") Duration timeout,
      @DefaultValue("30s") Duration sweepEvery) {

    public Replies {
      hosts = OutboundHosts.normalised(hosts);
    }

    /** Whether replies may go to {@code endpoint}. */
    boolean allow(String endpoint) {
      return OutboundHosts.includes(hosts, endpoint);
    }
  }
}
