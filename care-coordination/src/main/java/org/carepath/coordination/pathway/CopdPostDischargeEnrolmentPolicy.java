package org.carepath.coordination.pathway;

/** The 6-week review after a hospital discharge is for people with COPD. */
final class CopdPostDischargeEnrolmentPolicy implements EnrolmentPolicy {

  @Override
  public EnrolmentDecision decide(EnrolmentFacts facts) {
    return facts.has(ConditionGroups.COPD)
        ? EnrolmentDecision.eligible("An active COPD diagnosis is recorded.")
        : EnrolmentDecision.ineligible("No active COPD diagnosis is recorded for the patient.");
  }
}
