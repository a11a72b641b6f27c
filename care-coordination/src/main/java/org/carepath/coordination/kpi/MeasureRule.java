package org.carepath.coordination.kpi;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a pathway KPI counts (CodeSystem {@code measure-rule}); each names what its Measure must
 * give.
 */
public enum MeasureRule {
  /** Occurrences of one step due in the period (done, or past due): done by the due date. */
  STEP_ON_TIME("step-on-time"),
  /** Occurrences of one step completed in the period: with the outcome. */
  STEP_OUTCOME("step-outcome"),
  /** Enrolments running in the period: with every one of the steps completed in the period. */
  STEPS_COMPLETED("steps-completed"),
  /** Deaths recorded in the period of people with a preferred place: in that place. */
  DIED_IN_PREFERRED_PLACE("died-in-preferred-place");

  private final String code;

  MeasureRule(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<MeasureRule> fromCode(String code) {
    return Arrays.stream(values()).filter(rule -> rule.code.equals(code)).findFirst();
  }
}
