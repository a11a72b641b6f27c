package org.carepath.server.risk;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.carepath.server.fhir.FhirOperationProvider;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code POST [base]/Group/$cohort?run=<id>}: a population run's top cohort as a Group (the
 * OperationDefinition population-cohort). Translates and delegates to {@link PopulationCohorts}.
 */
class PopulationCohortProvider implements FhirOperationProvider {

  private final PopulationCohorts cohorts;

  PopulationCohortProvider(PopulationCohorts cohorts) {
    this.cohorts = cohorts;
  }

  @Operation(name = "$cohort", type = Group.class, idempotent = false)
  public Group cohort(
      @OperationParam(name = "run", min = 1, max = 1) StringType run, RequestDetails request) {
    if (run == null || run.getValue() == null || run.getValue().isBlank()) {
      throw new InvalidRequestException("run: the id of a completed population $stratify run");
    }
    return cohorts.cohort(run.getValue(), request);
  }
}
