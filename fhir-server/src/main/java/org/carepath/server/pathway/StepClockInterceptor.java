package org.carepath.server.pathway;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.carepath.coordination.pathway.Step;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Task;

/**
 * Every write of an open step Task with a due date, whoever makes it, sets (or moves) the step's
 * durable clock in the write's transaction ({@link StepClocks}).
 */
@Interceptor
class StepClockInterceptor {

  private final StepClocks clocks;

  StepClockInterceptor(StepClocks clocks) {
    this.clocks = clocks;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    updated(null, resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    if (resource instanceof Task task
        && EnrolmentResources.pathwayUrl(task).isPresent()
        && EnrolmentResources.stepCode(task).isPresent()) {
      Step step = EnrolmentResources.step(task);
      if (step.status().isOpen() && step.due().isPresent()) {
        clocks.schedule(task.getIdElement().getIdPart(), step.due().get());
      }
    }
  }
}
