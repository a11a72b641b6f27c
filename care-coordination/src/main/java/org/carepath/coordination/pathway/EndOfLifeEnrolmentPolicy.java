package org.carepath.coordination.pathway;

/**
 * End-of-life care starts when a clinician judges the person may be in the last year of life and
 * adds them to the palliative care register (a recorded palliative or terminal care problem). A
 * risk signal alone never enrols: it only suggests a review.
 */
final class EndOfLifeEnrolmentPolicy implements EnrolmentPolicy {

  @Override
  public EnrolmentDecision decide(EnrolmentFacts facts) {
    return facts.has(ConditionGroups.PALLIATIVE_CARE)
        ? EnrolmentDecision.eligible(
            "The patient is on the palliative care register (a palliative or terminal care problem"
                + " is recorded).")
        : EnrolmentDecision.ineligible(
            "The patient is not on the palliative care register: a clinician records that they"
                + " may be in the last year of life (palliative or terminal care) first.");
  }
}
