package org.carepath.coordination.pathway;

import java.util.List;
import java.util.Optional;

/**
 * One step of a pathway, as its definition says.
 *
 * @param code the step's code (pathway-step), unique within its pathway
 * @param display the step's name for people
 * @param definition the canonical URL of the step's ActivityDefinition
 * @param participant who does it
 * @param timing when it is due, counted from {@code timedFrom}
 * @param timedFrom where the clock starts: the enrolment, or the end of the last prerequisite
 * @param after the codes of the steps that must be completed first
 * @param applicability when the step applies (always, if empty)
 * @param event the named event that starts the step (e.g. an A&E attendance); such a step is not
 *     part of the plan until the event happens, and happens again each time
 * @param recurs if the step comes round again after completion, when the next one is due
 */
public record StepDefinition(
    String code,
    String display,
    String definition,
    Participant participant,
    StepTiming timing,
    TimedFrom timedFrom,
    List<String> after,
    Optional<Applicability> applicability,
    Optional<String> event,
    Optional<StepTiming> recurs) {

  /** Where a step's clock starts. */
  public enum TimedFrom {
    ENROLMENT,
    PREREQUISITES
  }

  public StepDefinition {
    after = List.copyOf(after);
    if (event.isPresent() && !after.isEmpty()) {
      throw new IllegalArgumentException(
          "step " + code + ": a step started by an event has no prerequisites");
    }
    if (timedFrom == TimedFrom.PREREQUISITES && after.isEmpty()) {
      throw new IllegalArgumentException(
          "step " + code + ": timed from prerequisites but has none");
    }
  }

  public boolean startedByEvent() {
    return event.isPresent();
  }
}
