package org.carepath.coordination.pathway;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Something recorded in a patient's record, by whoever writes it, that may start or move a pathway
 * ({@link PathwayTriggerPolicy} decides what it does). Read from FHIR by {@code
 * pathway.fhir.RecordEvents}.
 */
public sealed interface RecordEvent {

  String patientId();

  /** A problem recorded or updated that is in these groups ({@link ConditionGroups}). */
  record ProblemRecorded(String patientId, Set<String> groups) implements RecordEvent {
    public ProblemRecorded {
      groups = Set.copyOf(groups);
    }
  }

  /** An active episode of care managed by {@code organisation} (e.g. a care home admission). */
  record EpisodeOfCareActive(String patientId, String organisation, Optional<Instant> start)
      implements RecordEvent {}

  /** An attendance at an emergency department (or a conveyance there). */
  record EmergencyAttendance(String patientId, Instant at) implements RecordEvent {}

  /** A discharge after an inpatient stay. */
  record InpatientDischarge(String patientId, Optional<Instant> end) implements RecordEvent {}

  /** A diabetes-control result that entered the poor-control band. */
  record PoorDiabetesControl(String patientId, Instant at) implements RecordEvent {}

  /** The patient died. */
  record Died(String patientId) implements RecordEvent {}
}
