package org.carepath.coordination.pathway;

import java.time.Instant;
import java.util.Optional;

/** What a {@link RecordEvent} does to the patient's pathways ({@link PathwayTriggerPolicy}). */
public sealed interface TriggeredAction {

  /** Enrol the patient in {@code pathway} (its enrolment policy still decides eligibility). */
  record Enrol(String pathway, Optional<String> setting, Optional<Instant> start)
      implements TriggeredAction {}

  /** Ask the patient's care coordinator whether to enrol them in {@code pathway}. */
  record SuggestEnrolment(String pathway) implements TriggeredAction {}

  /**
   * Raise {@code event} on the patient's running enrolments: every pathway with a step opened by
   * that event (its PlanDefinition's named-event trigger) reacts; the others ignore it.
   */
  record RaiseEvent(String event, Instant at) implements TriggeredAction {}

  /** End every running enrolment, with the reason; steps opened by {@code closingEvent} stay. */
  record EndAllPathways(String reason, String closingEvent) implements TriggeredAction {}
}
