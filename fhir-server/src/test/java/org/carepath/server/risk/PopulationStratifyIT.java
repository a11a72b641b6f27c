package org.carepath.server.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carepath.coordination.risk.ClinicalFacts;
import org.carepath.coordination.risk.ElectronicFrailtyIndex;
import org.carepath.coordination.risk.TopCohortPolicy;
import org.carepath.coordination.terminology.Code;
import org.carepath.server.demo.PopulationMix;
import org.carepath.server.demo.SyntheticPopulation;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Population {@code $stratify} as a GP system or coordinator would use it: a generated population
 * of a few hundred patients registered under a new PCN, scored asynchronously with progress, the
 * band counts checked against what the generator knows each person has; then a record changes and
 * the nightly run re-scores that patient only.
 */
class PopulationStratifyIT extends RiskTestSupport {

  private static final String SNOMED = "http://snomed.info/sct";
  private static final int PATIENTS = 240;

  /** Far from the demo population's and other tests' synthetic patients. */
  private static final int FIRST_INDEX = 600_000;

  @Autowired ElectronicFrailtyIndex frailtyIndex;
  @Autowired SchedulerClient scheduler;
  @Autowired JdbcTemplate jdbc;
  @Autowired RiskProjectionBackfill backfill;

  @Test
  void aPcnIsStratifiedAsynchronouslyWithProgressAndTheBandsMatchTheGeneratedTruth()
      throws Exception {
    String pcn = organisation(null);
    List<String> practices =
        List.of("Organization/" + organisation(pcn), "Organization/" + organisation(pcn));
    SyntheticPopulation population =
        new SyntheticPopulation(7, PopulationMix.caseload(), practices, LocalDate.now(), 1);
    load(population);

    Map<String, Integer> expected = expectedCounts(population);
    assertThat(expected.get("efi:severe")).as("the mix has severe frailty").isPositive();

    // Without Prefer: respond-async the request is refused and nothing runs.
    as("care-coordinator")
        .body(NO_PARAMETERS)
        .post("/Organization/" + pcn + "/$stratify")
        .then()
        .statusCode(400)
        .body("resourceType", Matchers.equalTo("OperationOutcome"));

    JsonPath summary = runToCompletion("/Organization/" + pcn + "/$stratify");
    assertThat(parameter(summary, "patients")).isEqualTo(PATIENTS);
    for (String band : List.of("fit", "mild", "moderate", "severe")) {
      assertThat(modelCount(summary, "efi", band))
          .as("eFI " + band)
          .isEqualTo(expected.getOrDefault("efi:" + band, 0));
    }
    int diabetesAssessed =
        modelCounts(summary, "diabetes-control").values().stream().mapToInt(i -> i).sum();
    assertThat(diabetesAssessed).isEqualTo(expected.get("diabetics"));
    assertThat(parameter(summary, "suggestions")).isEqualTo(expected.get("efi:severe"));

    // The results are searchable cohorts per practice: by those who act for the practice (this
    // test's PCN has no demo user, so the search runs as the server), and by nobody else.
    int severe = 0;
    for (String practice : practices) {
      severe +=
          systemCount(
              "RiskAssessment?band=https://fhir.carepath.org/CodeSystem/risk-band|severe"
                  + "&subject:Patient.general-practitioner="
                  + practice);
      assertThat(
              searchTotal(
                  "care-coordinator",
                  "RiskAssessment",
                  "band",
                  "https://fhir.carepath.org/CodeSystem/risk-band|severe",
                  "subject:Patient.general-practitioner",
                  practice))
          .as("a coordinator of another PCN")
          .isZero();
    }
    assertThat(severe).isEqualTo(expected.get("efi:severe"));

    // The top 2% by score: the cohort the generator's truth gives, found again by a search.
    Map<Double, Integer> truthScores = new HashMap<>();
    expected.forEach(
        (key, n) -> {
          if (key.startsWith("score:")) {
            truthScores.put(Double.parseDouble(key.substring(6)), n);
          }
        });
    var cohort = new TopCohortPolicy(2).cohort(truthScores).orElseThrow();
    assertThat(cohortPart(summary, "patients")).isEqualTo(cohort.people());
    assertThat(((Number) cohortPart(summary, "minimumScore")).doubleValue())
        .isCloseTo(cohort.minimumScore(), within(1e-6));
    String search = (String) cohortPart(summary, "search");
    int found = 0;
    for (String practice : practices) {
      found += systemCount(search + "&subject:Patient.general-practitioner=" + practice);
    }
    assertThat(found).isEqualTo(cohort.people());

    // Nothing changed: a second run rewrites nothing and suggests nothing again.
    JsonPath again = runToCompletion("/Organization/" + pcn + "/$stratify");
    assertThat(parameter(again, "patients")).isEqualTo(PATIENTS);
    assertThat(parameter(again, "results-written")).isZero();
    assertThat(parameter(again, "suggestions")).isZero();
  }

  @Test
  void theNightlyRunRescoresOnlyThePatientsWhoseRecordChanged() throws Exception {
    String pcn = organisation(null);
    String practice = organisation(pcn);
    SyntheticPopulation population =
        new SyntheticPopulation(
            11, PopulationMix.caseload(), List.of("Organization/" + practice), LocalDate.now(), 1);
    List<String> ids = load(population, FIRST_INDEX + 1_000, 30);

    JsonPath everyone = runToCompletion("/$stratify");
    assertThat(parameter(everyone, "patients")).isGreaterThanOrEqualTo(30);

    String changed = ids.get(3);
    addConditionAsTheServer(changed, "52448006");

    String runId = triggerNightly();
    JsonPath nightly = awaitCompletion("/$stratify-status?run=" + runId);
    assertThat(nightly.getString("parameter.find { it.name == 'trigger' }.valueString"))
        .isEqualTo("nightly");
    assertThat(parameter(nightly, "patients")).isEqualTo(1);
  }

  @Test
  void aFailedTransactionLeavesNoTraceInTheRiskProjection() {
    String patient = patient("1940-01-01", "Organization/demo-practice-1");
    String bundle =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
            + "{\"resource\":{\"resourceType\":\"Condition\",\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
            + "\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"52448006\"}]},\"subject\":{\"reference\":\"Patient/"
            + patient
            + "\"}},\"request\":{\"method\":\"POST\",\"url\":\"Condition\"}},"
            + "{\"resource\":{\"resourceType\":\"Condition\",\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"52448006\"}]},\"subject\":{\"reference\":\"Patient/does-not-exist\"}},"
            + "\"request\":{\"method\":\"POST\",\"url\":\"Condition\"}}]}";
    as("gp").body(bundle).post("/").then().statusCode(Matchers.greaterThanOrEqualTo(400));

    assertThat(
            jdbc.queryForObject(
                "select count(*) from cp_risk_fact where patient_id = ?", Integer.class, patient))
        .isZero();
    addConditions(patient, List.of("52448006"));
    assertThat(
            jdbc.queryForObject(
                "select count(*) from cp_risk_fact where patient_id = ?", Integer.class, patient))
        .isEqualTo(1);
  }

  @Test
  void recordsWrittenBeforeTheProjectionExistedAreProjectedAtStartUp() {
    String patient = patient("1941-02-02", "Organization/demo-practice-2");
    addConditions(patient, List.of("52448006", "161898004"));
    String facts = "select count(*) from cp_risk_fact where patient_id = ?";
    assertThat(jdbc.queryForObject(facts, Integer.class, patient)).isEqualTo(2);

    // As if the records had been written by a version without the projection.
    jdbc.update("delete from cp_risk_fact where patient_id = ?", patient);
    jdbc.update("delete from cp_risk_patient where patient_id = ?", patient);
    // A type already filled is not filled again (an upgrade that adds a type fills only it).
    jdbc.update("delete from cp_risk_projection_type where resource_type = 'Observation'");
    backfill.run(null);
    assertThat(jdbc.queryForObject(facts, Integer.class, patient)).isZero();

    jdbc.update("delete from cp_risk_projection_type");
    backfill.run(null);

    assertThat(jdbc.queryForObject(facts, Integer.class, patient)).isEqualTo(2);
    assertThat(
            jdbc.queryForObject(
                "select birth_date from cp_risk_patient where patient_id = ?",
                String.class,
                patient))
        .isEqualTo("1941-02-02");
    assertThat(jdbc.queryForList("select resource_type from cp_risk_projection_type", String.class))
        .containsExactlyInAnyOrder(
            "Patient", "Condition", "Observation", "MedicationStatement", "MedicationRequest");
  }

  // --- helpers

  private JsonPath runToCompletion(String path) {
    Response accepted =
        as("care-coordinator").header("Prefer", "respond-async").body(NO_PARAMETERS).post(path);
    accepted.then().statusCode(202);
    String location = accepted.header("Content-Location");
    assertThat(location).startsWith(fhirBase() + "/$stratify-status?run=");
    return awaitCompletion(location.substring(fhirBase().length()));
  }

  /** Polls the status URL until 200; progress never goes backwards. Returns the run summary. */
  private JsonPath awaitCompletion(String statusPath) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    int lastDone = -1;
    while (Instant.now().isBefore(deadline)) {
      // The coordinator gives direct care: exact counts (a commissioner's have small ones
      // withheld).
      Response status = as("care-coordinator").get(statusPath);
      if (status.statusCode() == 200) {
        JsonPath bundle = JsonPath.from(status.asString());
        assertThat(bundle.getString("type")).isEqualTo("batch-response");
        return bundle.setRootPath("entry[0].resource");
      }
      assertThat(status.statusCode()).isEqualTo(202);
      String progress = status.header("X-Progress");
      assertThat(progress).matches("listing patients|\\d+ of \\d+ patients");
      if (progress.contains(" of ")) {
        int done = Integer.parseInt(progress.substring(0, progress.indexOf(' ')));
        assertThat(done).isGreaterThanOrEqualTo(lastDone);
        lastDone = done;
      }
      sleep(100);
    }
    throw new AssertionError("the run did not complete in 120 s");
  }

  private String triggerNightly() {
    Instant before = Instant.now();
    scheduler.reschedule(TaskDescriptor.of("stratify-nightly").instanceId("recurring"), before);
    Instant deadline = before.plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      List<String> runs =
          jdbc.queryForList(
              "select run_id from cp_stratify_run where trigger = 'nightly' and requested_at >= ?",
              String.class,
              java.sql.Timestamp.from(before.minusSeconds(1)));
      if (!runs.isEmpty()) {
        return runs.get(0);
      }
      sleep(100);
    }
    throw new AssertionError("the nightly run did not start");
  }

  private static int parameter(JsonPath summary, String name) {
    Object value = summary.get("parameter.find { it.name == '" + name + "' }.valueInteger");
    return value == null ? 0 : (Integer) value;
  }

  private static Object cohortPart(JsonPath summary, String part) {
    Map<String, Object> value =
        summary.getMap(
            "parameter.find { it.name == 'top-cohort' }.part.find { it.name == '" + part + "' }");
    return value.entrySet().stream()
        .filter(e -> e.getKey().startsWith("value"))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  private static int modelCount(JsonPath summary, String model, String band) {
    return modelCounts(summary, model).getOrDefault(band, 0);
  }

  private static Map<String, Integer> modelCounts(JsonPath summary, String model) {
    List<Map<String, Object>> parts =
        summary.getList("parameter.find { it.name == '" + model + "' }.part");
    Map<String, Integer> counts = new HashMap<>();
    if (parts != null) {
      parts.forEach(
          part -> counts.put((String) part.get("name"), (Integer) part.get("valueInteger")));
    }
    return counts;
  }

  /** The truth: each person's bands from their generated conditions and medicines alone. */
  private Map<String, Integer> expectedCounts(SyntheticPopulation population) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < PATIENTS; i++) {
      var person = population.person(FIRST_INDEX + i);
      List<ClinicalFacts.Evidence> evidence = new ArrayList<>();
      SyntheticPopulation.conditionCodes(person)
          .forEach(
              code ->
                  evidence.add(new ClinicalFacts.Evidence("Condition/x", new Code(SNOMED, code))));
      List<ClinicalFacts.Medicine> medicines = new ArrayList<>();
      for (int m = 0; m < SyntheticPopulation.medicineCount(person); m++) {
        medicines.add(ClinicalFacts.Medicine.of("MedicationStatement/" + m));
      }
      var assessment = frailtyIndex.assess(new ClinicalFacts(person.age(), evidence, medicines));
      if (assessment instanceof ElectronicFrailtyIndex.Scored scored) {
        counts.merge("efi:" + scored.score().band().code(), 1, Integer::sum);
        counts.merge("score:" + scored.score().reportedScore(), 1, Integer::sum);
      }
      if (SyntheticPopulation.isDiabetic(person)) {
        counts.merge("diabetics", 1, Integer::sum);
      }
    }
    return counts;
  }

  private List<String> load(SyntheticPopulation population) throws Exception {
    return load(population, FIRST_INDEX, PATIENTS);
  }

  /** Stores each generated patient's transaction bundle, four at a time; their Patient ids. */
  private List<String> load(SyntheticPopulation population, int first, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> posted = new ArrayList<>();
      for (int i = first; i < first + count; i++) {
        int index = i;
        posted.add(
            pool.submit(
                () -> {
                  // Loaded as the server: this test's practices have no demo user.
                  String location =
                      systemDao
                          .transaction(
                              new ca.uhn.fhir.rest.api.server.SystemRequestDetails(),
                              population.patient(index).bundle())
                          .getEntryFirstRep()
                          .getResponse()
                          .getLocation();
                  return location.split("/")[1];
                }));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> future : posted) {
        ids.add(future.get());
      }
      return ids;
    } finally {
      pool.shutdown();
    }
  }

  /** A new organisation (partOf {@code parent} if given); its id. */
  private String organisation(String parent) {
    String id = unique("org").substring(0, 40);
    String partOf =
        parent == null ? "" : ",\"partOf\":{\"reference\":\"Organization/" + parent + "\"}";
    as("care-coordinator")
        .body(
            "{\"resourceType\":\"Organization\",\"id\":\""
                + id
                + "\",\"active\":true,\"name\":\"Test organisation "
                + id
                + "\""
                + partOf
                + "}")
        .put("/Organization/" + id)
        .then()
        .statusCode(Matchers.anyOf(Matchers.is(200), Matchers.is(201)));
    return id;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Autowired ca.uhn.fhir.jpa.api.dao.DaoRegistry daoRegistry;

  @Autowired
  ca.uhn.fhir.jpa.api.dao.IFhirSystemDao<org.hl7.fhir.r4.model.Bundle, org.hl7.fhir.r4.model.Meta>
      systemDao;

  @Autowired ca.uhn.fhir.jpa.searchparam.MatchUrlService matchUrls;

  /** A Condition written as the server (this test's practice has no demo user). */
  private void addConditionAsTheServer(String patient, String snomed) {
    var condition = new org.hl7.fhir.r4.model.Condition();
    condition.getCode().addCoding().setSystem(SNOMED).setCode(snomed);
    condition.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patient));
    daoRegistry
        .getResourceDao(org.hl7.fhir.r4.model.Condition.class)
        .create(condition, new ca.uhn.fhir.rest.api.server.SystemRequestDetails());
  }

  /** How many resources a search URL finds, searched as the server (no user's access applies). */
  private int systemCount(String url) {
    String type = url.substring(0, url.indexOf('?'));
    var definition = fhirContext.getResourceDefinition(type);
    var params = matchUrls.translateMatchUrl(url, definition);
    params.setLoadSynchronous(true);
    return daoRegistry
        .getResourceDao(type)
        .search(params, new ca.uhn.fhir.rest.api.server.SystemRequestDetails())
        .getAllResources()
        .size();
  }
}
