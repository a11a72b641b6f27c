package org.carepath.coordination.pathway;

/**
 * What every pathway needs: a living patient registered with a GP practice (the practice and its
 * PCN own most steps and are where escalations go).
 */
final class CommonEnrolmentPolicy implements EnrolmentPolicy {

  @Override
  public EnrolmentDecision decide(EnrolmentFacts facts) {
    if (facts.deceased()) {
      return EnrolmentDecision.ineligible("The patient's record says they have died.");
    }
    if (facts.practice().isEmpty()) {
      return EnrolmentDecision.ineligible(
          "The patient has no registered GP practice (Patient.generalPractitioner): a pathway's"
              + " steps and escalations need one.");
    }
    return EnrolmentDecision.eligible("A living patient registered with a GP practice.");
  }
}
