package org.carepath.server.pathway;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import org.carepath.coordination.pathway.StepDecision;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Task;

/**
 * A participant's update of a pathway step Task (a plain FHIR update from any client), before it is
 * stored: checked and applied to the rest of the enrolment by the engine in the same transaction,
 * or refused with 422 and the reason. Only translates and delegates.
 */
@Interceptor
class StepUpdateInterceptor {

  private final Pathways pathways;
  private final Clock clock;

  StepUpdateInterceptor(Pathways pathways, Clock clock) {
    this.pathways = pathways;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void beforeUpdate(IBaseResource previous, IBaseResource updated, RequestDetails request) {
    if (!(updated instanceof Task task)
        || !(previous instanceof Task before)
        || EngineWrites.isEngine(request)
        || EnrolmentResources.pathwayUrl(before).isEmpty()) {
      return;
    }
    if (!sameStep(before, task)) {
      throw new UnprocessableEntityException(
          "A pathway step's pathway, patient, care plan and step code cannot change.");
    }
    if (!task.hasLastModified()
        || Objects.equals(task.getLastModified(), before.getLastModified())) {
      task.setLastModified(Date.from(clock.instant()));
    }
    StepDecision decision = pathways.stepUpdated(task, request);
    if (decision instanceof StepDecision.Rejected rejected) {
      throw new UnprocessableEntityException(rejected.reason());
    }
    if (EnrolmentResources.stepStatus(task).hasEnded() && !task.getExecutionPeriod().hasEnd()) {
      task.getExecutionPeriod().setEnd(Date.from(clock.instant()));
    }
  }

  private static boolean sameStep(Task before, Task after) {
    return EnrolmentResources.pathwayUrl(before).equals(EnrolmentResources.pathwayUrl(after))
        && EnrolmentResources.stepCode(before).equals(EnrolmentResources.stepCode(after))
        && before.getFor().getReference() != null
        && before.getFor().getReference().equals(after.getFor().getReference())
        && before.getBasedOnFirstRep().getReference() != null
        && before
            .getBasedOnFirstRep()
            .getReference()
            .equals(after.getBasedOnFirstRep().getReference());
  }
}
