package org.carepath.coordination.pathway;

import java.util.Optional;

/**
 * Evaluates a step's applicability over the patient's record as it is now (an adapter runs the
 * expression). Answers why the step does not apply, or nothing if it does.
 */
@FunctionalInterface
public interface StepConditions {

  Optional<String> whyNotApplicable(StepDefinition step, Enrolment enrolment);

  /** Every step applies. */
  StepConditions ALWAYS = (step, enrolment) -> Optional.empty();
}
