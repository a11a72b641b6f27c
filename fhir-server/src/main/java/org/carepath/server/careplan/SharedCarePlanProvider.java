package org.carepath.server.careplan;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;
import org.carepath.server.fhir.FhirOperationProvider;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Patient;

/**
 * {@code GET [base]/Patient/[id]/$shared-care-plan[?since=instant]} (OperationDefinition
 * https://fhir.carepath.org/OperationDefinition/Patient-shared-care-plan). Only translates: {@link
 * SharedCarePlans} reads; access decides who may call it and what each entry shows.
 */
class SharedCarePlanProvider implements FhirOperationProvider {

  private final SharedCarePlans plans;

  SharedCarePlanProvider(SharedCarePlans plans) {
    this.plans = plans;
  }

  @Operation(name = "$shared-care-plan", type = Patient.class, idempotent = true)
  public Bundle sharedCarePlan(
      @IdParam IdType patientId,
      @OperationParam(name = "since", max = 1) InstantType since,
      RequestDetails request) {
    return plans.of(
        request,
        patientId.getIdPart(),
        Optional.ofNullable(since)
            .filter(InstantType::hasValue)
            .map(s -> s.getValue().toInstant()));
  }
}
