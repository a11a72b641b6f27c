package org.carepath.server.risk;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.carepath.server.fhir.FhirOperationProvider;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * {@code POST [base]/Patient/[id]/$stratify} — scores the patient with the electronic frailty index
 * and returns the stored RiskAssessment (OperationDefinition
 * https://fhir.carepath.org/OperationDefinition/Patient-stratify). 422 with the reason when the
 * index does not apply.
 */
class PatientStratifyProvider implements FhirOperationProvider {

  private final FrailtyStratifier stratifier;

  PatientStratifyProvider(FrailtyStratifier stratifier) {
    this.stratifier = stratifier;
  }

  @Operation(name = "$stratify", type = Patient.class, idempotent = false)
  public RiskAssessment stratify(@IdParam IdType patientId, RequestDetails request) {
    return stratifier.stratify(patientId.getIdPart(), request);
  }
}
