package org.carepath.server.pathway;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.time.Clock;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.carepath.server.fhir.StoredVersionInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Task;

/**
 * Every step Task write, whoever makes it, keeps its row of the step projection (worklists and KPIs
 * read it) in the write's transaction.
 */
@Interceptor
class StepProjectionInterceptor extends StoredVersionInterceptor {

  private final StepProjection projection;
  private final PathwayCatalogue catalogue;
  private final Clock clock;

  StepProjectionInterceptor(StepProjection projection, PathwayCatalogue catalogue, Clock clock) {
    this.projection = projection;
    this.catalogue = catalogue;
    this.clock = clock;
  }

  @Override
  protected void stored(IBaseResource previous, IBaseResource resource) {
    if (resource instanceof Task task && EnrolmentResources.stepCode(task).isPresent()) {
      EnrolmentResources.pathwayUrl(task)
          .ifPresent(
              url ->
                  projection.upsert(
                      task,
                      catalogue.find(url).map(pathway -> pathway.code()).orElse(url),
                      clock.instant()));
    }
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
  public void deleted(IBaseResource resource) {
    if (resource instanceof Task task && EnrolmentResources.pathwayUrl(task).isPresent()) {
      projection.remove(task.getIdElement().getIdPart());
    }
  }
}
