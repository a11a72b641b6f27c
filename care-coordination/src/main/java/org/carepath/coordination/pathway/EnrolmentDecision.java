package org.carepath.coordination.pathway;

/** Whether a patient may be enrolled in a pathway, and why. */
sealed interface EnrolmentDecision {

  /** What the record shows that makes them eligible, in a clinician's words. */
  record Eligible(String reason) implements EnrolmentDecision {}

  record Ineligible(String reason) implements EnrolmentDecision {}

  static EnrolmentDecision eligible(String reason) {
    return new Eligible(reason);
  }

  static EnrolmentDecision ineligible(String reason) {
    return new Ineligible(reason);
  }

  default boolean isEligible() {
    return this instanceof Eligible;
  }
}
