package org.carepath.coordination.pathway;

/** Whether a patient may be enrolled in a pathway, and if not, why. */
sealed interface EnrolmentDecision {

  record Eligible() implements EnrolmentDecision {}

  record Ineligible(String reason) implements EnrolmentDecision {}

  EnrolmentDecision ELIGIBLE = new Eligible();

  static EnrolmentDecision ineligible(String reason) {
    return new Ineligible(reason);
  }

  default boolean isEligible() {
    return this instanceof Eligible;
  }
}
