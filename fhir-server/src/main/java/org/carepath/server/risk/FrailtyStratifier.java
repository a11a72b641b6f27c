package org.carepath.server.risk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import java.util.Optional;
import org.carepath.coordination.risk.ClinicalFacts;
import org.carepath.coordination.risk.ElectronicFrailtyIndex;
import org.carepath.coordination.risk.FrailtyBands;
import org.carepath.coordination.risk.SevereFrailtySuggestionPolicy;
import org.carepath.coordination.risk.fhir.FrailtyRiskAssessmentMapper;
import org.carepath.coordination.risk.fhir.SuggestionTaskMapper;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;

/**
 * Scores one patient with the electronic frailty index: reads their record through the FHIR storage
 * layer (as the caller, so access rules apply), asks the domain model, and stores the result as the
 * patient's one eFI RiskAssessment — a new version each run, so results supersede rather than pile
 * up and the history keeps every earlier score.
 */
class FrailtyStratifier {

  private final DaoRegistry daoRegistry;
  private final RiskResults results;
  private final PatientRecordLoader records;
  private final ElectronicFrailtyIndex index;
  private final SevereFrailtySuggestionPolicy suggestions;
  private final FhirContext fhirContext;
  private final Clock clock;

  FrailtyStratifier(
      DaoRegistry daoRegistry,
      RiskResults results,
      PatientRecordLoader records,
      ElectronicFrailtyIndex index,
      SevereFrailtySuggestionPolicy suggestions,
      FhirContext fhirContext,
      Clock clock) {
    this.daoRegistry = daoRegistry;
    this.results = results;
    this.records = records;
    this.index = index;
    this.suggestions = suggestions;
    this.fhirContext = fhirContext;
    this.clock = clock;
  }

  RiskAssessment stratify(String patientId, RequestDetails request) {
    var record = records.load(patientId, LocalDate.now(clock), request);
    Patient patient = record.patient();
    ClinicalFacts facts = record.facts();
    ElectronicFrailtyIndex.Assessment assessment = index.assess(facts);
    if (assessment instanceof ElectronicFrailtyIndex.NotAssessed notAssessed) {
      throw Outcomes.businessRule(fhirContext, notAssessed.reason());
    }
    var score = ((ElectronicFrailtyIndex.Scored) assessment).score();
    String patientKey = patient.getIdElement().getIdPart();
    String identifierValue = FrailtyRiskAssessmentMapper.identifierValue(patientKey);
    Optional<FrailtyBands.Band> previousBand =
        results
            .current(identifierValue)
            .map(
                previous ->
                    previous
                        .getPredictionFirstRep()
                        .getQualitativeRisk()
                        .getCodingFirstRep()
                        .getCode())
            .flatMap(FrailtyBands.Band::fromCode);
    Date now = Date.from(clock.instant());
    RiskAssessment stored =
        results.save(
            FrailtyRiskAssessmentMapper.toRiskAssessment(patientKey, score, now),
            identifierValue,
            request);
    if (suggestions.decide(previousBand, score)
        instanceof SevereFrailtySuggestionPolicy.Suggest suggest) {
      suggestReview(patient, stored, suggest.reason(), now, request);
    }
    return stored;
  }

  private void suggestReview(
      Patient patient, RiskAssessment raisedBy, String reason, Date now, RequestDetails request) {
    String raisedByReference = "RiskAssessment/" + raisedBy.getIdElement().getIdPart();
    String identifier =
        raisedBy.getIdElement().getIdPart() + "-" + raisedBy.getIdElement().getVersionIdPart();
    Optional<String> practice =
        patient.getGeneralPractitioner().stream()
            .map(reference -> reference.getReference())
            .filter(reference -> reference != null && reference.startsWith("Organization/"))
            .findFirst();
    Task suggestion =
        SuggestionTaskMapper.severeFrailtyReview(
            identifier,
            "Patient/" + patient.getIdElement().getIdPart(),
            raisedByReference,
            practice,
            reason,
            now);
    daoRegistry
        .getResourceDao(Task.class)
        .create(
            suggestion,
            "identifier=" + SuggestionTaskMapper.IDENTIFIER_SYSTEM + "|" + identifier,
            request);
  }
}
