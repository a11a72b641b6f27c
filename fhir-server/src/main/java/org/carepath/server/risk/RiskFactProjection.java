package org.carepath.server.risk;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.carepath.coordination.risk.fhir.ClinicalFactsReader;
import org.carepath.coordination.risk.fhir.FrailtyRiskAssessmentMapper;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * Keeps the risk projection ({@link RiskFactStore}) in step with the FHIR record: every create,
 * update or delete of a Patient, Condition, Observation or MedicationStatement, whoever makes it,
 * rewrites what that record contributes, in the same database transaction (a write that fails
 * leaves no trace). Carepath's own RiskAssessments record the patient's current result per model.
 * Only translates: what a record contributes is {@link ClinicalFactsReader#contributionOf}, the
 * rule the single-patient {@code $stratify} uses too.
 */
@Interceptor
class RiskFactProjection {

  private final RiskFactStore store;
  private final ResultFingerprint fingerprint;
  private final Clock clock;

  RiskFactProjection(RiskFactStore store, ResultFingerprint fingerprint, Clock clock) {
    this.store = store;
    this.fingerprint = fingerprint;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    project(resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    project(resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
  public void deleted(IBaseResource resource) {
    if (isRecord(resource)) {
      String source = source((Resource) resource);
      Instant now = clock.instant();
      store.patientOf(source).ifPresent(patient -> store.touch(patient, now));
      store.replace(source, Optional.empty(), ClinicalFactsReader.Contribution.NONE);
    }
  }

  private void project(IBaseResource resource) {
    Instant now = clock.instant();
    if (resource instanceof Patient patient) {
      store.upsertPatient(
          patient.getIdElement().getIdPart(),
          patient.hasBirthDate() ? patient.getBirthDateElement().getValueAsString() : null,
          practiceOf(patient),
          isDeceased(patient),
          now);
    } else if (isRecord(resource)) {
      Resource record = (Resource) resource;
      String source = source(record);
      Optional<String> patient = ClinicalFactsReader.subjectOf(record);
      // A record moved to another patient changes both records.
      store
          .patientOf(source)
          .filter(previous -> !patient.equals(Optional.of(previous)))
          .ifPresent(previous -> store.touch(previous, now));
      store.replace(source, patient, ClinicalFactsReader.contributionOf(record));
      patient.ifPresent(id -> store.touch(id, now));
    } else if (resource instanceof RiskAssessment result && isCarepathResult(result)) {
      String patient = result.getSubject().getReferenceElement().getIdPart();
      String model = result.getMethod().getCodingFirstRep().getCode();
      if (patient != null && model != null) {
        store.saveResult(
            patient,
            model,
            result.getPredictionFirstRep().getQualitativeRisk().getCodingFirstRep().getCode(),
            fingerprint.of(result));
      }
    }
  }

  private static boolean isRecord(IBaseResource resource) {
    return resource instanceof org.hl7.fhir.r4.model.Condition
        || resource instanceof org.hl7.fhir.r4.model.Observation
        || resource instanceof org.hl7.fhir.r4.model.MedicationStatement;
  }

  private static boolean isCarepathResult(RiskAssessment result) {
    return result.getIdentifier().stream()
        .anyMatch(i -> FrailtyRiskAssessmentMapper.IDENTIFIER_SYSTEM.equals(i.getSystem()));
  }

  private static String source(Resource record) {
    return record.fhirType() + "/" + record.getIdElement().getIdPart();
  }

  private static String practiceOf(Patient patient) {
    return patient.getGeneralPractitioner().stream()
        .map(Reference::getReferenceElement)
        .filter(id -> "Organization".equals(id.getResourceType()) && id.getIdPart() != null)
        .map(id -> "Organization/" + id.getIdPart())
        .findFirst()
        .orElse(null);
  }

  private static boolean isDeceased(Patient patient) {
    if (patient.hasDeceasedDateTimeType()) {
      return true;
    }
    return patient.hasDeceasedBooleanType() && patient.getDeceasedBooleanType().booleanValue();
  }
}
