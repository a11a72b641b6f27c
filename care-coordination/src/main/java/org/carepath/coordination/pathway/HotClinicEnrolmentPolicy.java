package org.carepath.coordination.pathway;

/**
 * The respiratory HOT clinic sees people with respiratory disease judged to be threatening
 * admission; the judgement is the referrer's, the recorded respiratory disease is checked here.
 */
final class HotClinicEnrolmentPolicy implements EnrolmentPolicy {

  @Override
  public EnrolmentDecision decide(EnrolmentFacts facts) {
    return facts.has(ConditionGroups.COPD) || facts.has(ConditionGroups.RESPIRATORY)
        ? EnrolmentDecision.eligible("Respiratory disease (e.g. COPD) is recorded.")
        : EnrolmentDecision.ineligible(
            "No respiratory disease (e.g. COPD) is recorded: the HOT clinic sees people whose"
                + " respiratory disease threatens admission.");
  }
}
