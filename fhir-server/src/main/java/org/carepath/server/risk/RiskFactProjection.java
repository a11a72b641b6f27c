package org.carepath.server.risk;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.patient.fhir.Deaths;
import org.carepath.coordination.risk.fhir.ClinicalFactsReader;
import org.carepath.coordination.risk.fhir.FrailtyRiskAssessmentMapper;
import org.carepath.server.organisation.RegisteredPractices;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * Keeps the risk projection ({@link RiskFactStore}) in step with the FHIR record: every create,
 * update or delete of a Patient, Condition, Observation, MedicationStatement or MedicationRequest,
 * whoever makes it, rewrites what that record contributes, in the same database transaction (a
 * write that fails leaves no trace). Carepath's own RiskAssessments record the patient's current
 * result per model. Only translates: what a record contributes is {@link
 * ClinicalFactsReader#contributionOf}, the rule the single-patient {@code $stratify} uses too.
 */
@Interceptor
class RiskFactProjection {

  private static final String TOUCHED = RiskFactProjection.class.getName() + ".touched";

  private final RiskFactStore store;
  private final ResultFingerprint fingerprint;
  private final Clock clock;

  RiskFactProjection(RiskFactStore store, ResultFingerprint fingerprint, Clock clock) {
    this.store = store;
    this.fingerprint = fingerprint;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource, TransactionDetails transaction) {
    project(resource, true, transaction);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(
      IBaseResource previous, IBaseResource resource, TransactionDetails transaction) {
    project(resource, false, transaction);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
  public void deleted(IBaseResource resource, TransactionDetails transaction) {
    if (isRecord(resource)) {
      String source = source((Resource) resource);
      Instant now = clock.instant();
      store.patientOf(source).ifPresent(patient -> touch(patient, now, transaction));
      store.remove(source);
    }
  }

  /** Projects one record; {@code isNew} when it cannot have rows yet (skips the clean-up). */
  void project(IBaseResource resource, boolean isNew, TransactionDetails transaction) {
    Instant now = clock.instant();
    if (resource instanceof Patient patient) {
      String id = patient.getIdElement().getIdPart();
      store.upsertPatient(
          id,
          patient.hasBirthDate() ? patient.getBirthDateElement().getValueAsString() : null,
          RegisteredPractices.of(patient).orElse(null),
          Deaths.isDeceased(patient),
          now);
      touched(transaction).add(id);
    } else if (isRecord(resource)) {
      Resource record = (Resource) resource;
      String source = source(record);
      Optional<String> patient = ClinicalFactsReader.subjectOf(record);
      if (!isNew) {
        // A record moved to another patient changes both records.
        store
            .patientOf(source)
            .filter(previous -> !patient.equals(Optional.of(previous)))
            .ifPresent(previous -> touch(previous, now, transaction));
        store.remove(source);
      }
      patient.ifPresent(id -> store.add(source, id, ClinicalFactsReader.contributionOf(record)));
      patient.ifPresent(id -> touch(id, now, transaction));
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

  /** Marks the patient's record changed, once per transaction (a bundle writes many records). */
  private void touch(String patientId, Instant now, TransactionDetails transaction) {
    if (touched(transaction).add(patientId)) {
      store.touch(patientId, now);
    }
  }

  private static Set<String> touched(TransactionDetails transaction) {
    if (transaction == null) {
      return new HashSet<>();
    }
    return transaction.getOrCreateUserData(TOUCHED, HashSet::new);
  }

  private static boolean isRecord(IBaseResource resource) {
    return resource instanceof org.hl7.fhir.r4.model.Condition
        || resource instanceof org.hl7.fhir.r4.model.Observation
        || resource instanceof org.hl7.fhir.r4.model.MedicationStatement
        || resource instanceof org.hl7.fhir.r4.model.MedicationRequest;
  }

  private static boolean isCarepathResult(RiskAssessment result) {
    return result.getIdentifier().stream()
        .anyMatch(i -> FrailtyRiskAssessmentMapper.IDENTIFIER_SYSTEM.equals(i.getSystem()));
  }

  private static String source(Resource record) {
    return record.fhirType() + "/" + record.getIdElement().getIdPart();
  }
}
