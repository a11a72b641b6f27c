package org.carepath.coordination.pathway;

/** The diabetes annual cycle is for people with a diagnosis of type 1 or type 2 diabetes. */
final class DiabetesEnrolmentPolicy implements EnrolmentPolicy {

  @Override
  public EnrolmentDecision decide(EnrolmentFacts facts) {
    return facts.has(ConditionGroups.DIABETES)
        ? EnrolmentDecision.eligible("An active diabetes diagnosis (type 1 or type 2) is recorded.")
        : EnrolmentDecision.ineligible(
            "No active diabetes diagnosis (type 1 or type 2) is recorded for the patient.");
  }
}
