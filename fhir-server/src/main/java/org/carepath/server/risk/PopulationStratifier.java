package org.carepath.server.risk;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.carepath.coordination.risk.ClinicalFacts;
import org.carepath.coordination.risk.DiabetesControl;
import org.carepath.coordination.risk.ElectronicFrailtyIndex;
import org.carepath.coordination.risk.FrailtyBands;
import org.carepath.coordination.risk.SevereFrailtySuggestionPolicy;
import org.carepath.coordination.risk.fhir.ClinicalFactsReader;
import org.carepath.coordination.risk.fhir.DiabetesRiskAssessmentMapper;
import org.carepath.coordination.risk.fhir.FrailtyRiskAssessmentMapper;
import org.carepath.coordination.risk.fhir.SuggestionTaskMapper;
import org.carepath.server.conformance.ServerAuthoredWrites;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;

/**
 * Scores a chunk of patients with every risk model, set-based: the chunk's facts come from the risk
 * projection in two queries, each patient is scored in memory by the same domain models as the
 * single-patient {@code $stratify}, and the results that changed (with any severe-frailty
 * suggestions) are written in the caller's transaction. Counts what it found.
 */
class PopulationStratifier {

  /** Counts of people per reported eFI score: {@code efi-score:<score>}. */
  static final String SCORE_COUNT_PREFIX = ElectronicFrailtyIndex.MODEL + "-score:";

  private final RiskFactStore store;
  private final ElectronicFrailtyIndex frailty;
  private final DiabetesControl diabetes;
  private final SevereFrailtySuggestionPolicy suggestions;
  private final ResultFingerprint fingerprint;
  private final DaoRegistry daoRegistry;
  private final Clock clock;

  PopulationStratifier(
      RiskFactStore store,
      ElectronicFrailtyIndex frailty,
      DiabetesControl diabetes,
      SevereFrailtySuggestionPolicy suggestions,
      ResultFingerprint fingerprint,
      DaoRegistry daoRegistry,
      Clock clock) {
    this.store = store;
    this.frailty = frailty;
    this.diabetes = diabetes;
    this.suggestions = suggestions;
    this.fingerprint = fingerprint;
    this.daoRegistry = daoRegistry;
    this.clock = clock;
  }

  /**
   * Scores the patients and writes what changed; run inside the caller's transaction so the results
   * and the caller's bookkeeping commit together.
   *
   * @param runId the run, part of each suggestion's identifier (a retried chunk finds its own)
   * @return counts: {@code patients}, {@code <model>:<band>}, {@code <model>:not-assessed}, {@code
   *     results-written}, {@code suggestions}
   */
  Map<String, Integer> stratify(String runId, List<String> patientIds) {
    Instant now = clock.instant();
    LocalDate today = LocalDate.now(clock);
    Date when = Date.from(now);
    Map<String, RiskFactStore.StoredPatient> patients = store.load(patientIds);
    Map<String, RiskFactStore.StoredResult> frailtyResults =
        store.results(patientIds, ElectronicFrailtyIndex.MODEL);
    Map<String, RiskFactStore.StoredResult> diabetesResults =
        store.results(patientIds, DiabetesControl.MODEL);
    Map<String, Integer> counts = new TreeMap<>();
    Writes writes = new Writes();
    for (String id : patientIds) {
      RiskFactStore.StoredPatient patient = patients.get(id);
      if (patient == null) {
        continue;
      }
      count(counts, "patients");
      int age = ClinicalFactsReader.age(new DateType(patient.birthDate()), today);
      ClinicalFacts facts = ClinicalFactsReader.combine(age, patient.records());

      if (frailty.assess(facts) instanceof ElectronicFrailtyIndex.Scored scored) {
        var score = scored.score();
        count(counts, ElectronicFrailtyIndex.MODEL + ":" + score.band().code());
        count(counts, SCORE_COUNT_PREFIX + score.reportedScore());
        RiskAssessment result = FrailtyRiskAssessmentMapper.toRiskAssessment(id, score, when);
        String resultId = FrailtyRiskAssessmentMapper.identifierValue(id);
        RiskFactStore.StoredResult previous = frailtyResults.get(id);
        if (put(writes, result, resultId, previous, counts)) {
          Optional<FrailtyBands.Band> previousBand =
              Optional.ofNullable(previous)
                  .map(RiskFactStore.StoredResult::band)
                  .flatMap(FrailtyBands.Band::fromCode);
          if (suggestions.decide(previousBand, score)
              instanceof SevereFrailtySuggestionPolicy.Suggest suggest) {
            suggest(writes, id, resultId, runId, patient.practice(), suggest.reason(), when);
            count(counts, "suggestions");
          }
        }
      } else {
        count(counts, ElectronicFrailtyIndex.MODEL + ":not-assessed");
      }

      if (diabetes.assess(facts, today) instanceof DiabetesControl.Assessed assessed) {
        var control = assessed.result();
        count(counts, DiabetesControl.MODEL + ":" + control.band().code());
        put(
            writes,
            DiabetesRiskAssessmentMapper.toRiskAssessment(id, control, when),
            DiabetesRiskAssessmentMapper.identifierValue(id),
            diabetesResults.get(id),
            counts);
      }
    }
    writes.store(daoRegistry);
    return counts;
  }

  /** What a chunk stores: through the DAOs, so it joins the caller's transaction. */
  private static final class Writes {
    final List<RiskAssessment> results = new ArrayList<>();
    final List<Task> suggestions = new ArrayList<>();

    void store(DaoRegistry daoRegistry) {
      var request = ServerAuthoredWrites.request();
      var resultDao = daoRegistry.getResourceDao(RiskAssessment.class);
      results.forEach(result -> resultDao.update(result, request));
      var taskDao = daoRegistry.getResourceDao(Task.class);
      suggestions.forEach(
          task ->
              taskDao.create(
                  task,
                  "identifier="
                      + SuggestionTaskMapper.IDENTIFIER_SYSTEM
                      + "|"
                      + task.getIdentifierFirstRep().getValue(),
                  request));
    }
  }

  /** Adds the result to the writes if it says something new; true if it does. */
  private boolean put(
      Writes writes,
      RiskAssessment result,
      String resultId,
      RiskFactStore.StoredResult previous,
      Map<String, Integer> counts) {
    if (previous != null && previous.fingerprint().equals(fingerprint.of(result))) {
      return false;
    }
    result.setId(new IdType("RiskAssessment", resultId));
    writes.results.add(result);
    count(counts, "results-written");
    return true;
  }

  private static void suggest(
      Writes writes,
      String patientId,
      String resultId,
      String runId,
      String practice,
      String reason,
      Date when) {
    String identifier = resultId + "-run-" + runId;
    Task task =
        SuggestionTaskMapper.severeFrailtyReview(
            identifier,
            "Patient/" + patientId,
            "RiskAssessment/" + resultId,
            Optional.ofNullable(practice),
            reason,
            when);
    writes.suggestions.add(task);
  }

  private static void count(Map<String, Integer> counts, String key) {
    counts.merge(key, 1, Integer::sum);
  }
}
