package org.carepath.coordination.referral;

import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.pathway.ConditionGroups;

/**
 * Seed 002: a dementia diagnosis refers the person to post-diagnostic support automatically — once
 * the diagnosis is confirmed (a verification status of unconfirmed, provisional, differential,
 * refuted or entered in error refers nobody) and the person has a registered practice to refer
 * from.
 */
public final class DementiaReferralPolicy {

  /** Whether the diagnosis refers the person, and if not, why. */
  public sealed interface Decision {
    record Refer() implements Decision {}

    record NoReferral(String reason) implements Decision {}
  }

  /**
   * Verification statuses (FHIR {@code condition-ver-status}) that are not a confirmed diagnosis.
   */
  static final Set<String> NOT_CONFIRMED =
      Set.of("unconfirmed", "provisional", "differential", "refuted", "entered-in-error");

  private static final Decision REFER = new Decision.Refer();

  /**
   * Whether the diagnosis alone refers (asked when it is written, before the record is read).
   *
   * @param groups the problem groups the Condition is in
   * @param verificationStatuses its verification status codes
   */
  public boolean isConfirmedDementia(Set<String> groups, Set<String> verificationStatuses) {
    return groups.contains(ConditionGroups.DEMENTIA)
        && verificationStatuses.stream().noneMatch(NOT_CONFIRMED::contains);
  }

  /**
   * @param practice the patient's registered practice ({@code Organization/<id>}), if any
   */
  public Decision decide(
      Set<String> groups, Set<String> verificationStatuses, Optional<String> practice) {
    if (!isConfirmedDementia(groups, verificationStatuses)) {
      return new Decision.NoReferral("The Condition is not a confirmed dementia diagnosis.");
    }
    if (practice.isEmpty()) {
      return new Decision.NoReferral(
          "The patient has no registered practice to refer from (Patient.generalPractitioner).");
    }
    return REFER;
  }
}
