package org.carepath.server.pathway;

import ca.uhn.fhir.interceptor.api.Interceptor;
import org.carepath.coordination.pathway.Step;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.carepath.server.fhir.StoredVersionInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Task;

/**
 * Every write of an open step Task with a due date, whoever makes it, sets (or moves) the step's
 * durable clock in the write's transaction ({@link StepClocks}).
 */
@Interceptor
class StepClockInterceptor extends StoredVersionInterceptor {

  private final StepClocks clocks;

  StepClockInterceptor(StepClocks clocks) {
    this.clocks = clocks;
  }

  @Override
  protected void stored(IBaseResource previous, IBaseResource resource) {
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
