package org.carepath.server.risk;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;
import org.carepath.server.fhir.Lookups;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * A patient's current result for each risk model: one RiskAssessment per patient and model, whose
 * id and identifier are both {@code <patient>-<model>}, which each run replaces with a new version.
 * A deterministic id lets population runs write results without looking them up first, and makes a
 * repeated write land on the same resource.
 */
class RiskResults {

  private final DaoRegistry daoRegistry;

  RiskResults(DaoRegistry daoRegistry) {
    this.daoRegistry = daoRegistry;
  }

  Optional<RiskAssessment> current(String resultId) {
    return Lookups.byId(daoRegistry, RiskAssessment.class, resultId);
  }

  /** Stores the result as the next version of the patient's current one (or the first). */
  RiskAssessment save(RiskAssessment result, String resultId, RequestDetails request) {
    result.setId(new IdType("RiskAssessment", resultId));
    return (RiskAssessment)
        daoRegistry.getResourceDao(RiskAssessment.class).update(result, request).getResource();
  }
}
