package org.carepath.server.access;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Instant;
import java.util.Date;
import org.carepath.server.fhir.FhirOperationProvider;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code POST [base]/Patient/[id]/$emergency-access} — break-glass: a user giving direct care who
 * has no relationship with the patient asserts emergency access with a reason code and free text;
 * it lasts {@code carepath.access.emergency-access-for} (4 h), is audited, and is listed on the
 * patient's access report (OperationDefinition
 * https://fhir.carepath.org/OperationDefinition/Patient-emergency-access). Only translates: {@link
 * EmergencyAccess} decides and records.
 */
class EmergencyAccessProvider implements FhirOperationProvider {

  private final EmergencyAccess emergencyAccess;

  EmergencyAccessProvider(EmergencyAccess emergencyAccess) {
    this.emergencyAccess = emergencyAccess;
  }

  @Operation(name = "$emergency-access", type = Patient.class, idempotent = false)
  public Parameters assertEmergencyAccess(
      @IdParam IdType patientId,
      @OperationParam(name = "reason", min = 1, max = 1) Coding reason,
      @OperationParam(name = "text", min = 1, max = 1) StringType text,
      RequestDetails request) {
    return asserted(request, patientId.getIdPart(), reason, text);
  }

  /**
   * {@code POST [base]/Patient/$emergency-access} with {@code identifier} (the NHS number): for
   * urgent care, who know the person by NHS number and cannot search for them.
   */
  @Operation(name = "$emergency-access", type = Patient.class, idempotent = false)
  public Parameters assertEmergencyAccessByIdentifier(
      @OperationParam(name = "identifier", min = 1, max = 1) Identifier identifier,
      @OperationParam(name = "reason", min = 1, max = 1) Coding reason,
      @OperationParam(name = "text", min = 1, max = 1) StringType text,
      RequestDetails request) {
    String patientId = emergencyAccess.patientIdentifiedBy(identifier);
    return asserted(request, patientId, reason, text);
  }

  private Parameters asserted(
      RequestDetails request, String patientId, Coding reason, StringType text) {
    Instant until =
        emergencyAccess.assertFor(
            request, patientId, reason, text == null ? null : text.getValue());
    Parameters result = new Parameters();
    result.addParameter().setName("patient").setValue(new Reference("Patient/" + patientId));
    result.addParameter().setName("expires").setValue(new InstantType(Date.from(until)));
    return result;
  }
}
