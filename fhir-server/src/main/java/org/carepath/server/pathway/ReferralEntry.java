package org.carepath.server.pathway;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.time.Instant;
import java.util.Optional;
import org.carepath.coordination.pathway.Enrolment;
import org.carepath.coordination.pathway.EnrolmentOutcome;
import org.carepath.coordination.pathway.PathwayDefinition;
import org.carepath.coordination.pathway.Step;
import org.carepath.coordination.pathway.StepTiming;
import org.carepath.server.fhir.Lookups;
import org.hl7.fhir.r4.model.Task;

/**
 * The seam between referrals and pathways: an accepted referral to a pathway's service (e.g. the
 * respiratory HOT clinic) enrols the patient, started when the referral was sent, and the pathway's
 * own acceptance step is recorded as done by the referral's acceptance — a participant's update, so
 * the steps that wait for it open with their due dates.
 */
public class ReferralEntry {

  /** What an accepted referral did to the pathway. */
  public sealed interface Result {
    record Enrolled(String carePlanId) implements Result {}

    record AlreadyEnrolled(String carePlanId) implements Result {}

    record Ineligible(String reason) implements Result {}
  }

  private final Pathways pathways;
  private final DaoRegistry daos;

  ReferralEntry(Pathways pathways, DaoRegistry daos) {
    this.pathways = pathways;
    this.daos = daos;
  }

  /** When step {@code stepCode} of pathway {@code pathwayCode} is due, as its definition says. */
  public StepTiming timing(String pathwayCode, String stepCode) {
    return pathway(pathwayCode).requireStep(stepCode).timing();
  }

  /**
   * Enrols the patient in pathway {@code pathwayCode} from {@code referredAt} and completes step
   * {@code acceptStep} if it is open.
   */
  public Result accepted(
      String pathwayCode, String patientId, Instant referredAt, String acceptStep) {
    PathwayDefinition pathway = pathway(pathwayCode);
    EnrolmentOutcome outcome =
        pathways.enrol(
            pathway,
            patientId,
            Optional.empty(),
            Optional.of(referredAt),
            EngineWrites.enrolment());
    Enrolment enrolment;
    Result result;
    if (outcome instanceof EnrolmentOutcome.Enrolled enrolled) {
      enrolment = enrolled.enrolment();
      result = new Result.Enrolled(enrolment.id().orElseThrow());
    } else if (outcome instanceof EnrolmentOutcome.AlreadyEnrolled already) {
      enrolment = already.enrolment();
      result = new Result.AlreadyEnrolled(enrolment.id().orElseThrow());
    } else {
      return new Result.Ineligible(((EnrolmentOutcome.Ineligible) outcome).reason());
    }
    Optional<Step> accept = enrolment.latest(acceptStep).filter(step -> step.status().isOpen());
    if (accept.isPresent() && accept.get().id().isPresent()) {
      Task task =
          Lookups.byId(daos, Task.class, accept.get().id().get())
              .orElseThrow(() -> new IllegalStateException("the acceptance step is missing"));
      task.setStatus(Task.TaskStatus.COMPLETED);
      task.addNote().setText("Done: the referral was accepted by the service.");
      daos.getResourceDao(Task.class).update(task, new SystemRequestDetails());
    }
    return result;
  }

  private PathwayDefinition pathway(String pathwayCode) {
    return pathways
        .catalogue()
        .byCode(pathwayCode)
        .orElseThrow(() -> new IllegalStateException("no pathway " + pathwayCode));
  }
}
