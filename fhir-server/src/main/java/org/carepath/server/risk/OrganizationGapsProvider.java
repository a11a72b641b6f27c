package org.carepath.server.risk;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.carepath.server.fhir.FhirOperationProvider;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Organization;

/**
 * {@code GET [base]/Organization/[id]/$gaps} — the care gaps of the patients registered with the
 * organisation or any below it, as a List of patients flagged with the gap and its reason
 * (OperationDefinition https://fhir.carepath.org/OperationDefinition/Organization-gaps).
 */
class OrganizationGapsProvider implements FhirOperationProvider {

  private final CareGapFinder finder;

  OrganizationGapsProvider(CareGapFinder finder) {
    this.finder = finder;
  }

  @Operation(name = "$gaps", type = Organization.class, idempotent = true)
  public ListResource gaps(@IdParam IdType organizationId, RequestDetails request) {
    return finder.gaps(organizationId.getIdPart(), request);
  }
}
