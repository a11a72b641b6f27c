package org.carepath.server.risk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import org.carepath.coordination.risk.DiabetesControl;
import org.carepath.coordination.risk.fhir.DiabetesRiskAssessmentMapper;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * Assesses one diabetic patient's control (latest HbA1c band, the three treatment targets, care
 * processes in 12 months) and stores it as the patient's one diabetes-control RiskAssessment, a new
 * version each run.
 */
class DiabetesControlStratifier {

  private final RiskResults results;
  private final PatientRecordLoader records;
  private final DiabetesControl model;
  private final FhirContext fhirContext;
  private final Clock clock;

  DiabetesControlStratifier(
      RiskResults results,
      PatientRecordLoader records,
      DiabetesControl model,
      FhirContext fhirContext,
      Clock clock) {
    this.results = results;
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
    return results.save(
        assessmentResource, DiabetesRiskAssessmentMapper.identifierValue(record.id()), request);
  }
}
