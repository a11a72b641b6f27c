package org.carepath.coordination.pathway;

/** What the engine makes of a step update: the enrolment after it, or why it is refused. */
public sealed interface StepDecision {

  record Applied(Enrolment enrolment) implements StepDecision {}

  record Rejected(String reason) implements StepDecision {}
}
