package org.carepath.server.pathway;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import org.carepath.coordination.pathway.StepDecision;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Task;

/**
 * Pathway steps on the storage layer, whoever writes them: a participant's update of a step Task (a
 * plain FHIR update from any client) is checked and applied to the rest of the enrolment by the
 * engine in the same transaction, or refused with 422 and the reason; every step write keeps the
 * step projection and the step's clock. Only translates and delegates.
 */
@Interceptor
class StepTaskInterceptor {

  private final Pathways pathways;
  private final StepProjection projection;
  private final StepClocks clocks;
  private final Clock clock;

  StepTaskInterceptor(
      Pathways pathways, StepProjection projection, StepClocks clocks, Clock clock) {
    this.pathways = pathways;
    this.projection = projection;
    this.clocks = clocks;
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

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    keep(resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    keep(resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
  public void deleted(IBaseResource resource) {
    if (resource instanceof Task task && EnrolmentResources.pathwayUrl(task).isPresent()) {
      projection.remove(task.getIdElement().getIdPart());
    }
  }

  private void keep(IBaseResource resource) {
    if (!(resource instanceof Task task)) {
      return;
    }
    Optional<String> pathwayUrl = EnrolmentResources.pathwayUrl(task);
    Optional<String> stepCode = EnrolmentResources.stepCode(task);
    if (pathwayUrl.isEmpty() || stepCode.isEmpty()) {
      return;
    }
    String pathway =
        pathways.catalogue().find(pathwayUrl.get()).map(p -> p.code()).orElse(pathwayUrl.get());
    var step = EnrolmentResources.step(task);
    projection.upsert(
        new StepProjection.Row(
            task.getIdElement().getIdPart(),
            task.getBasedOnFirstRep().getReferenceElement().getIdPart(),
            task.getFor().getReferenceElement().getIdPart(),
            pathway,
            stepCode.get(),
            task.getStatus().toCode(),
            step.owner(),
            task.getPerformerType().stream()
                .flatMap(c -> c.getCoding().stream())
                .map(c -> c.getCode())
                .findFirst(),
            step.due(),
            step.ended(),
            EnrolmentResources.outcome(task)),
        clock.instant());
    if (step.status().isOpen() && step.due().isPresent()) {
      clocks.schedule(task.getIdElement().getIdPart(), step.due().get());
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
