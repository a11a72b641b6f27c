package org.carepath.server.risk;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.carepath.coordination.risk.DiabetesControl;
import org.carepath.coordination.risk.ElectronicFrailtyIndex;
import org.carepath.server.fhir.FhirOperationProvider;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * {@code POST [base]/Patient/[id]/$stratify[?model=efi|diabetes-control]} — assesses the patient
 * with a risk model (default the electronic frailty index) and returns the stored RiskAssessment
 * (OperationDefinition https://fhir.carepath.org/OperationDefinition/Patient-stratify). 422 with
 * the reason when the model does not apply; 400 for an unknown model.
 */
class PatientStratifyProvider implements FhirOperationProvider {

  private final FrailtyStratifier frailty;
  private final DiabetesControlStratifier diabetes;

  PatientStratifyProvider(FrailtyStratifier frailty, DiabetesControlStratifier diabetes) {
    this.frailty = frailty;
    this.diabetes = diabetes;
  }

  @Operation(name = "$stratify", type = Patient.class, idempotent = false)
  public RiskAssessment stratify(
      @IdParam IdType patientId,
      @OperationParam(name = "model", min = 0, max = 1) CodeType model,
      RequestDetails request) {
    String code =
        model == null || model.isEmpty() ? ElectronicFrailtyIndex.MODEL : model.getValue();
    if (code.equals(ElectronicFrailtyIndex.MODEL)) {
      return frailty.stratify(patientId.getIdPart(), request);
    }
    if (code.equals(DiabetesControl.MODEL)) {
      return diabetes.stratify(patientId.getIdPart(), request);
    }
    throw new InvalidRequestException(
        "Unknown model '"
            + code
            + "': use "
            + ElectronicFrailtyIndex.MODEL
            + " or "
            + DiabetesControl.MODEL
            + ".");
  }
}
