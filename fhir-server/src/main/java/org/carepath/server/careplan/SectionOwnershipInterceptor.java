package org.carepath.server.careplan;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.careplan.SharedCarePlanPolicy;
import org.carepath.coordination.careplan.fhir.SharedCarePlanResources;
import org.carepath.server.fhir.FhirServerInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;

/**
 * A section of a shared care plan is written only by the organisation it belongs to (403 with the
 * reason, audited, nothing stored), for every user's write — plain, conditional, patch or a
 * transaction's entry. Registered on the REST server: the server's own work is not checked. Only
 * translates.
 */
class SectionOwnershipInterceptor implements FhirServerInterceptor {

  private final CarePlanReach reach;
  private final SharedCarePlanPolicy policy;

  SectionOwnershipInterceptor(CarePlanReach reach, SharedCarePlanPolicy policy) {
    this.reach = reach;
    this.policy = policy;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(RequestDetails request, IBaseResource resource) {
    check(request, null, resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(RequestDetails request, IBaseResource previous, IBaseResource resource) {
    check(request, previous, resource);
  }

  private void check(RequestDetails request, IBaseResource previous, IBaseResource resource) {
    boolean wasSection = previous != null && SharedCarePlanResources.isSection(previous);
    if (!wasSection && !SharedCarePlanResources.isSection(resource)) {
      return;
    }
    Optional<Set<String>> actsFor = reach.actsFor(request);
    if (actsFor.isEmpty()) {
      return;
    }
    CarePlan section = (CarePlan) resource;
    SharedCarePlanPolicy.Decision decision =
        policy.toWriteSection(
            actsFor.get(),
            wasSection ? SharedCarePlanResources.owner((CarePlan) previous) : Optional.empty(),
            SharedCarePlanResources.owner(section));
    if (decision instanceof SharedCarePlanPolicy.Decision.Refused refused) {
      Optional<String> replaced =
          previous == null
              ? Optional.empty()
              : Optional.of("CarePlan/" + previous.getIdElement().getIdPart());
      SharedCarePlanResources.patientOf(section)
          .ifPresent(patient -> reach.refused(request, patient, replaced, refused.reason()));
      throw new ForbiddenOperationException(refused.reason());
    }
  }
}
