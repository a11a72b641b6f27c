package org.carepath.server.access;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.carepath.server.fhir.FhirOperationProvider;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * {@code GET [base]/Patient/[id]/$access-report} — who viewed or changed this person's record
 * (OperationDefinition https://fhir.carepath.org/OperationDefinition/Patient-access-report). Only
 * translates: {@link AccessReport} decides and reads.
 */
class AccessReportProvider implements FhirOperationProvider {

  private final AccessReport report;

  AccessReportProvider(AccessReport report) {
    this.report = report;
  }

  @Operation(name = "$access-report", type = Patient.class, idempotent = true)
  public Bundle accessReport(@IdParam IdType patientId, RequestDetails request) {
    return report.of(request, patientId.getIdPart());
  }
}
