package org.carepath.coordination.referral.fhir;

import java.util.Optional;
import org.carepath.coordination.referral.FallsReferralPolicy.RecordedActivity;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Task;

/**
 * A Task, Procedure or Observation as an activity in the patient's record: its codes, and whether
 * it was done — a completed Task or Procedure, a final or amended Observation.
 */
public final class RecordedActivities {

  private RecordedActivities() {}

  public static Optional<RecordedActivity> of(IBaseResource resource) {
    if (resource instanceof Task task) {
      return Optional.of(
          new RecordedActivity(
              ServiceDirectoryReader.codes(task.getCode()),
              task.getStatus() == Task.TaskStatus.COMPLETED));
    }
    if (resource instanceof Procedure procedure) {
      return Optional.of(
          new RecordedActivity(
              ServiceDirectoryReader.codes(procedure.getCode()),
              procedure.getStatus() == Procedure.ProcedureStatus.COMPLETED));
    }
    if (resource instanceof Observation observation) {
      return Optional.of(
          new RecordedActivity(
              ServiceDirectoryReader.codes(observation.getCode()),
              observation.getStatus() == Observation.ObservationStatus.FINAL
                  || observation.getStatus() == Observation.ObservationStatus.AMENDED));
    }
    return Optional.empty();
  }
}
