package org.carepath.server.risk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.carepath.server.fhir.OperationOutcomes;
import org.hl7.fhir.r4.model.OperationOutcome;

/** 422 answers for a model that does not apply to a patient. */
final class Outcomes {

  private Outcomes() {}

  static UnprocessableEntityException businessRule(FhirContext fhirContext, String reason) {
    return new UnprocessableEntityException(
        fhirContext, OperationOutcomes.error(OperationOutcome.IssueType.BUSINESSRULE, reason));
  }
}
