package org.carepath.server.risk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import org.carepath.coordination.risk.DiabetesControl;
import org.carepath.coordination.risk.fhir.DiabetesRiskAssessmentMapper;
import org.carepath.coordination.risk.fhir.FrailtyRiskAssessmentMapper;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * Assesses one diabetic patient's control (latest HbA1c band, the three treatment targets, care
 * processes in 12 months) and stores it as the patient's one diabetes-control RiskAssessment, a new
 * version each run.
 */
class DiabetesControlStratifier {

  private final DaoRegistry daoRegistry;
  private final PatientRecordLoader records;
  private final DiabetesControl model;
  private final FhirContext fhirContext;
  private final Clock clock;

  DiabetesControlStratifier(
      DaoRegistry daoRegistry,
      PatientRecordLoader records,
      DiabetesControl model,
      FhirContext fhirContext,
      Clock clock) {
    this.daoRegistry = daoRegistry;
    this.records = records;
    this.model = model;
    this.fhirContext = fhirContext;
    this.clock = clock;
  }

  RiskAssessment stratify(String patientId, RequestDetails request) {
    LocalDate today = LocalDate.now(clock);
    var record = records.load(patientId, today, request);
    DiabetesControl.Assessment assessment = model.assess(record.facts(), today);
    if (assessment instanceof DiabetesControl.NotAssessed notAssessed) {
      throw Outcomes.businessRule(fhirContext, notAssessed.reason());
    }
    var result = ((DiabetesControl.Assessed) assessment).result();
    RiskAssessment assessmentResource =
        DiabetesRiskAssessmentMapper.toRiskAssessment(
            record.id(), result, Date.from(clock.instant()));
    var outcome =
        daoRegistry
            .getResourceDao(RiskAssessment.class)
            .update(
                assessmentResource,
                "RiskAssessment?identifier="
                    + FrailtyRiskAssessmentMapper.IDENTIFIER_SYSTEM
                    + "|"
                    + DiabetesRiskAssessmentMapper.identifierValue(record.id()),
                request);
    return (RiskAssessment) outcome.getResource();
  }
}
