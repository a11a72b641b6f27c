package org.carepath.server.risk;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.Optional;
import org.carepath.coordination.risk.fhir.FrailtyRiskAssessmentMapper;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * A patient's current result for each risk model: one RiskAssessment per patient and model,
 * identified by {@code <patient>-<model>}, which each run replaces with a new version.
 */
class RiskResults {

  private final DaoRegistry daoRegistry;

  RiskResults(DaoRegistry daoRegistry) {
    this.daoRegistry = daoRegistry;
  }

  Optional<RiskAssessment> current(String identifierValue, RequestDetails request) {
    SearchParameterMap byIdentifier =
        SearchParameterMap.newSynchronous(
            "identifier",
            new TokenParam(FrailtyRiskAssessmentMapper.IDENTIFIER_SYSTEM, identifierValue));
    return daoRegistry
        .getResourceDao(RiskAssessment.class)
        .search(byIdentifier, request)
        .getAllResources()
        .stream()
        .map(RiskAssessment.class::cast)
        .findFirst();
  }

  /** Stores the result as the next version of the patient's current one (or the first). */
  RiskAssessment save(RiskAssessment result, String identifierValue, RequestDetails request) {
    var outcome =
        daoRegistry
            .getResourceDao(RiskAssessment.class)
            .update(
                result,
                "RiskAssessment?identifier="
                    + FrailtyRiskAssessmentMapper.IDENTIFIER_SYSTEM
                    + "|"
                    + identifierValue,
                request);
    return (RiskAssessment) outcome.getResource();
  }
}
