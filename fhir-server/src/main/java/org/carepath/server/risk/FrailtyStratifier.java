package org.carepath.server.risk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.carepath.coordination.risk.ClinicalFacts;
import org.carepath.coordination.risk.ElectronicFrailtyIndex;
import org.carepath.coordination.risk.fhir.ClinicalFactsReader;
import org.carepath.coordination.risk.fhir.FrailtyRiskAssessmentMapper;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * Scores one patient with the electronic frailty index: reads their record through the FHIR storage
 * layer (as the caller, so access rules apply), asks the domain model, and stores the result as the
 * patient's one eFI RiskAssessment — a new version each run, so results supersede rather than pile
 * up and the history keeps every earlier score.
 */
class FrailtyStratifier {

  private final DaoRegistry daoRegistry;
  private final ElectronicFrailtyIndex index;
  private final FhirContext fhirContext;
  private final Clock clock;

  FrailtyStratifier(
      DaoRegistry daoRegistry, ElectronicFrailtyIndex index, FhirContext fhirContext, Clock clock) {
    this.daoRegistry = daoRegistry;
    this.index = index;
    this.fhirContext = fhirContext;
    this.clock = clock;
  }

  RiskAssessment stratify(String patientId, RequestDetails request) {
    Patient patient =
        daoRegistry.getResourceDao(Patient.class).read(new IdType("Patient", patientId), request);
    String subject = "Patient/" + patient.getIdElement().getIdPart();
    ClinicalFacts facts =
        ClinicalFactsReader.read(
            patient,
            search(Condition.class, "patient", subject, request),
            search(Observation.class, "patient", subject, request),
            search(MedicationStatement.class, "patient", subject, request),
            LocalDate.now(clock));
    ElectronicFrailtyIndex.Assessment assessment = index.assess(facts);
    if (assessment instanceof ElectronicFrailtyIndex.NotAssessed notAssessed) {
      OperationOutcome outcome = new OperationOutcome();
      outcome
          .addIssue()
          .setSeverity(OperationOutcome.IssueSeverity.ERROR)
          .setCode(OperationOutcome.IssueType.BUSINESSRULE)
          .setDiagnostics(notAssessed.reason());
      throw new UnprocessableEntityException(fhirContext, outcome);
    }
    var score = ((ElectronicFrailtyIndex.Scored) assessment).score();
    String patientKey = patient.getIdElement().getIdPart();
    RiskAssessment result =
        FrailtyRiskAssessmentMapper.toRiskAssessment(patientKey, score, Date.from(clock.instant()));
    var outcome =
        daoRegistry
            .getResourceDao(RiskAssessment.class)
            .update(
                result,
                "RiskAssessment?identifier="
                    + FrailtyRiskAssessmentMapper.IDENTIFIER_SYSTEM
                    + "|"
                    + FrailtyRiskAssessmentMapper.identifierValue(patientKey),
                request);
    if (outcome.getResource() instanceof RiskAssessment stored) {
      return stored;
    }
    result.setId(outcome.getId());
    return result;
  }

  private <T extends IBaseResource> List<T> search(
      Class<T> type, String parameter, String patientReference, RequestDetails request) {
    SearchParameterMap byPatient =
        SearchParameterMap.newSynchronous(parameter, new ReferenceParam(patientReference));
    @SuppressWarnings("unchecked")
    List<T> found =
        (List<T>) daoRegistry.getResourceDao(type).search(byPatient, request).getAllResources();
    return found;
  }
}
