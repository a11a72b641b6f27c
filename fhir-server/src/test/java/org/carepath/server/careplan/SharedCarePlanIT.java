package org.carepath.server.careplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carepath.server.support.JsonFixture;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The shared care plan as a multidisciplinary team works it over the API: the GP starts it with the
 * person's goals, the community nurse and the social worker add their sections, the care home reads
 * it, nobody changes another organisation's section, and every change is attributed.
 */
class SharedCarePlanIT extends ServerTestSupport {

  private static final String PRACTICE = "Organization/demo-practice-1";
  private static final String NURSES = "Organization/demo-community-trust";
  private static final String SOCIAL_CARE = "Organization/demo-social-care";
  private static final String SHARED_CATEGORY =
      "https://fhir.carepath.org/CodeSystem/care-plan-category|shared-care-plan";

  @Test
  void anMdtSharesOnePlanAndEachOrganisationWritesOnlyItsOwnSection() {
    String patient = "Patient/" + newPatient("1948-02-11", "Shared", PRACTICE);
    Map<String, String> ids = startPlan(patient);
    String plan = ids.get("plan");

    // A second active plan is refused, naming the one the person has; nothing is stored.
    as("gp")
        .body(planBody(patient, ids))
        .post("/CarePlan")
        .then()
        .statusCode(422)
        .body(containsString(plan));
    assertThat(searchTotal("gp", "CarePlan", "subject", patient, "category", SHARED_CATEGORY))
        .isEqualTo(1);

    String nursing = section("community-nurse", patient, plan, NURSES, "Leg ulcer dressings");
    String social = section("social-worker", patient, plan, SOCIAL_CARE, "Carer's assessment");

    // The social worker cannot change the nurses' section, nor start one in their name.
    Map<String, Object> nursingNow = read("community-nurse", nursing);
    as("social-worker")
        .body(
            withId(
                JsonFixture.of("/careplan/section.json", sectionValues(patient, plan, NURSES, "x")),
                nursing))
        .put("/" + nursing)
        .then()
        .statusCode(403)
        .body(containsString("only that organisation writes it"));
    as("social-worker")
        .body(JsonFixture.of("/careplan/section.json", sectionValues(patient, plan, NURSES, "y")))
        .post("/CarePlan")
        .then()
        .statusCode(403);
    assertThat(read("community-nurse", nursing).get("meta"))
        .as("the nurses' section is unchanged")
        .isEqualTo(nursingNow.get("meta"));

    // The care home (on the care team) reads everything in one call.
    JsonPath shared = sharedCarePlan("care-home-staff", patient, null);
    List<String> urls = shared.getList("entry.fullUrl");
    assertThat(urls.get(0)).endsWith(plan);
    assertThat(urls)
        .anyMatch(u -> u.endsWith(nursing))
        .anyMatch(u -> u.endsWith(social))
        .anyMatch(u -> u.endsWith(ids.get("goal")))
        .anyMatch(u -> u.endsWith(ids.get("condition")))
        .anyMatch(u -> u.endsWith(ids.get("careTeam")));
    assertThat(shared.getList("entry.resource.description.text"))
        .contains("I want to walk to the shops again");
    // Who last changed each part: the nurses' section by the community nurse for the trust.
    List<Map<String, Object>> provenances =
        shared.getList("entry.resource.findAll { it.resourceType == 'Provenance' }");
    assertThat(provenances)
        .anySatisfy(
            p -> {
              assertThat(p.toString()).contains(nursing + "/_history/1");
              assertThat(p.toString()).contains("onBehalfOf={reference=" + NURSES + "}");
            });
    assertThat(provenances)
        .as("the GP's reason, from the X-Provenance header")
        .anySatisfy(p -> assertThat(p.toString()).contains("Plan agreed at the MDT"));

    // The care home's reading of the plan is on the person's access report.
    awaitOnAccessReport(
        patient,
        "entry.resource.agent.flatten().findAll { it.requestor == true }.who.identifier.value",
        "care-home-staff");

    // Without a relationship the person is not there at all; the refusal is audited.
    as("gp-moorland").get("/" + patient + "/$shared-care-plan").then().statusCode(404);
    // Nor is a person nobody holds (an operation outcome, not an empty plan).
    as("gp")
        .get("/Patient/nobody-" + patient.hashCode() + "/$shared-care-plan")
        .then()
        .statusCode(404)
        .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"));
  }

  @Test
  void whatChangedSinceILastLookedAndStaleEditsAreRefused() throws InterruptedException {
    String patient = "Patient/" + newPatient("1951-09-30", "Since", PRACTICE);
    Map<String, String> ids = startPlan(patient);
    Instant looked = Instant.now();
    Thread.sleep(1100);
    String nursing = section("community-nurse", patient, ids.get("plan"), NURSES, "Catheter care");

    JsonPath changes = sharedCarePlan("gp", patient, looked);
    List<String> changed =
        changes.getList(
            "entry.resource.findAll { it.resourceType == 'Provenance' }.target.flatten().reference");
    // The nurse changes their section: its second version is attributed as an update.
    as("community-nurse")
        .body(
            withId(
                JsonFixture.of(
                    "/careplan/section.json",
                    sectionValues(patient, ids.get("plan"), NURSES, "Catheter changed weekly")),
                nursing))
        .put("/" + nursing)
        .then()
        .statusCode(200);
    List<Map<String, Object>> updates =
        sharedCarePlan("gp", patient, looked)
            .getList("entry.resource.findAll { it.resourceType == 'Provenance' }");
    assertThat(updates)
        .anySatisfy(
            p -> {
              assertThat(p.toString()).contains(nursing + "/_history/2").contains("code=UPDATE");
            });
    assertThat(changed)
        .contains(nursing + "/_history/1")
        .noneMatch(r -> r.startsWith(ids.get("plan")));

    // Two edits of the plan from version 1: the second is refused (412), nothing overwritten.
    Map<String, Object> current = read("gp", ids.get("plan"));
    String version = (String) ((Map<?, ?>) current.get("meta")).get("versionId");
    String body = withId(planBody(patient, ids), ids.get("plan"));
    as("gp")
        .header("If-Match", "W/\"" + version + "\"")
        .body(body.replace("Shared care plan", "Plan v2"))
        .put("/" + ids.get("plan"))
        .then()
        .statusCode(200);
    as("gp")
        .header("If-Match", "W/\"" + version + "\"")
        .body(body.replace("Shared care plan", "Plan v3"))
        .put("/" + ids.get("plan"))
        .then()
        .statusCode(412);
    assertThat(read("gp", ids.get("plan")).get("title")).isEqualTo("Plan v2");
  }

  @Test
  void concurrentStartsGiveOnePlan() throws Exception {
    String patient = "Patient/" + newPatient("1944-04-04", "Race", PRACTICE);
    Map<String, String> ids = parts(patient);
    String body = planBody(patient, ids);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> starts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        starts.add(() -> as("gp").body(body).post("/CarePlan").statusCode());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> status : pool.invokeAll(starts)) {
        statuses.add(status.get());
      }
      assertThat(statuses).containsOnly(201, 422).filteredOn(s -> s == 201).hasSize(1);
    } finally {
      pool.shutdown();
    }
    assertThat(searchTotal("gp", "CarePlan", "subject", patient, "category", SHARED_CATEGORY))
        .isEqualTo(1);
  }

  @Test
  void aSectionBelongsToThePersonsActivePlan() {
    String patient = "Patient/" + newPatient("1955-05-05", "Section", PRACTICE);
    String other = "Patient/" + newPatient("1956-06-06", "Other", PRACTICE);
    Map<String, String> ids = startPlan(patient);
    Map<String, String> otherIds = startPlan(other);
    as("gp")
        .body(
            JsonFixture.of(
                "/careplan/section.json",
                sectionValues(patient, otherIds.get("plan"), PRACTICE, "x")))
        .post("/CarePlan")
        .then()
        .statusCode(422)
        .body(containsString(ids.get("plan")));
  }

  @Test
  void theEndOfLifeRecordIsOneACrisisServiceCanActOn() {
    String patient = "Patient/" + newPatient("1939-01-01", "Eol", PRACTICE);
    startPlan(patient);
    int before = searchTotal("gp", "Observation", "subject", patient);

    // A DNACPR decision without who made it, and a place that is not a known place: 422.
    ObjectNode undecided = eolEntry(patient, "resuscitation-decision", "304253006");
    as("gp")
        .body(undecided.toString())
        .post("/Observation")
        .then()
        .statusCode(422)
        .body(containsString("performer"));
    as("gp")
        .body(eolEntry(patient, "preferred-place-of-death", "1234567").toString())
        .post("/Observation")
        .then()
        .statusCode(422)
        .body(containsString("place-of-care"));
    assertThat(searchTotal("gp", "Observation", "subject", patient)).isEqualTo(before);

    ObjectNode decided = eolEntry(patient, "resuscitation-decision", "304253006");
    decided.putArray("performer").addObject().put("reference", "Practitioner/demo-gp");
    // Made and dated, but with whom was it discussed? 422, nothing stored.
    as("gp")
        .body(decided.toString())
        .post("/Observation")
        .then()
        .statusCode(422)
        .body(containsString("discussed-with"));
    assertThat(searchTotal("gp", "Observation", "subject", patient)).isEqualTo(before);
    discussed(decided, "The person and their daughter (lasting power of attorney)", "2027-06-01");
    String dnacpr = "Observation/" + created("gp", "Observation", decided.toString());
    String home =
        "Observation/"
            + created(
                "gp",
                "Observation",
                eolEntry(patient, "preferred-place-of-death", "264362003").toString());

    List<String> urls = sharedCarePlan("care-home-staff", patient, null).getList("entry.fullUrl");
    assertThat(urls).anyMatch(u -> u.endsWith(dnacpr)).anyMatch(u -> u.endsWith(home));

    // The crisis summary: a FHIR document a clinician can read on a phone.
    created(
        "gp",
        "RelatedPerson",
        "{\"resourceType\":\"RelatedPerson\",\"active\":true,\"patient\":{\"reference\":\""
            + patient
            + "\"},\"relationship\":[{\"text\":\"Daughter, lasting power of attorney\"}],"
            + "\"name\":[{\"text\":\"Ann Example\"}],\"telecom\":[{\"system\":\"phone\","
            + "\"value\":\"07700 900123\"}]}");
    created(
        "gp",
        "MedicationRequest",
        "{\"resourceType\":\"MedicationRequest\",\"status\":\"active\",\"intent\":\"order\","
            + "\"medicationCodeableConcept\":{\"text\":\"Morphine sulfate 10 mg/5 mL (anticipatory,"
            + " kept at home)\"},\"subject\":{\"reference\":\""
            + patient
            + "\"}}");
    JsonPath summary =
        as("gp").get("/" + patient + "/$summary").then().statusCode(200).extract().jsonPath();
    assertThat(summary.getString("type")).isEqualTo("document");
    assertThat(summary.getString("entry[0].resource.resourceType")).isEqualTo("Composition");
    assertThat(summary.getList("entry[0].resource.section.title"))
        .contains(
            "End-of-life preferences and decisions",
            "What to do in a crisis",
            "Current care team",
            "Key contacts",
            "Medication List");
    String narrative = String.join(" ", summary.getList("entry[0].resource.section.text.div"));
    assertThat(narrative)
        .contains("304253006")
        .contains("Dr Asha Rahman")
        .contains("Demo Community Health Services NHS Trust")
        .contains("2026-12-01")
        .contains("Ann Example")
        .contains("07700 900123")
        .contains("rescue pack")
        .contains("Morphine sulfate")
        .contains("The person and their daughter (lasting power of attorney)")
        .contains("2027-06-01");
    // Every section has its narrative, and the document its own.
    assertThat(summary.getList("entry[0].resource.section.text.status"))
        .hasSameSizeAs(summary.getList("entry[0].resource.section"))
        .containsOnly("generated");
    assertThat(summary.getString("entry[0].resource.text.div"))
        .contains("Crisis summary")
        .contains("Crisis summary as of");
    as("gp-moorland").get("/" + patient + "/$summary").then().statusCode(404);
    // Reading the summary is audited (its own subtype on the person's access report).
    awaitOnAccessReport(patient, "entry.resource.subtype.flatten().code", "summary");
  }

  @Test
  void urgentCareReadsOnlyTheCrisisSummaryAndOnlyAfterRecordingWhy() {
    String nhsNumber =
        org.carepath.server.demo.SyntheticPopulation.nhsNumberFor(
            850_000 + (int) (System.nanoTime() % 40_000));
    String patient =
        "Patient/"
            + created(
                "gp",
                "Patient",
                "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":"
                    + "\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\""
                    + nhsNumber
                    + "\"}],\"birthDate\":\"1936-05-05\",\"name\":[{\"family\":\"Crisis\"}],"
                    + "\"generalPractitioner\":[{\"reference\":\""
                    + PRACTICE
                    + "\"}]}");
    startPlan(patient);
    ObjectNode decided = eolEntry(patient, "resuscitation-decision", "304253006");
    decided.putArray("performer").addObject().put("reference", "Practitioner/demo-gp");
    discussed(decided, "The person", "2027-06-01");
    created("gp", "Observation", decided.toString());
    // A problem the practice keeps sealed: its own summary lists it, nobody else's ever does.
    created(
        "gp",
        "Condition",
        "{\"resourceType\":\"Condition\",\"meta\":{\"security\":[{\"system\":"
            + "\"https://fhir.carepath.org/CodeSystem/sharing\",\"code\":\"sealed\"}]},"
            + "\"clinicalStatus\":{\"coding\":[{\"system\":"
            + "\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
            + "\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"161891005\"}],"
            + "\"text\":\"Sealed problem marker\"},\"subject\":{\"reference\":\""
            + patient
            + "\"},\"onsetDateTime\":\"2026-10-01\"}");
    assertThat(
            as("gp").get("/" + patient + "/$summary").then().statusCode(200).extract().asString())
        .contains("Sealed problem marker");

    // The paramedic has not said why: refused, and told what to do.
    as("urgent-care")
        .get("/" + patient + "/$summary")
        .then()
        .statusCode(403)
        .body(containsString("Record why"));
    // Nothing else of a record, ever: no search, no read.
    as("urgent-care")
        .queryParam("identifier", "https://fhir.nhs.uk/Id/nhs-number|" + nhsNumber)
        .get("/Patient")
        .then()
        .statusCode(403);

    // Recording why, by NHS number (urgent care knows the person by it, not by id).
    String asserted =
        as("urgent-care")
            .body(byNhsNumber(nhsNumber, "999 call: collapsed at home, unresponsive"))
            .post("/Patient/$emergency-access")
            .then()
            .statusCode(200)
            .extract()
            .path("parameter.find { it.name == 'patient' }.valueReference.reference");
    assertThat(asserted).isEqualTo(patient);

    JsonPath summary =
        as("urgent-care")
            .get("/" + patient + "/$summary")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(summary.getString("type")).isEqualTo("document");
    assertThat(String.join(" ", summary.getList("entry[0].resource.section.text.div")))
        .contains("304253006");
    // Emergency access never opens a sealed item: not an entry, not a word of any narrative.
    assertThat(summary.prettify()).doesNotContain("Sealed problem marker");
    // Still nothing else.
    as("urgent-care").get("/" + patient).then().statusCode(403);
    as("urgent-care").get("/" + patient + "/$shared-care-plan").then().statusCode(403);
    as("urgent-care").queryParam("patient", patient).get("/Observation").then().statusCode(403);
    // An unknown NHS number: 404.
    as("urgent-care")
        .body(byNhsNumber("9999999999", "999 call: collapsed at home"))
        .post("/Patient/$emergency-access")
        .then()
        .statusCode(404);
    // The reason and the read are on the person's access report.
    awaitOnAccessReport(patient, "entry.resource.subtype.flatten().code", "summary");
    JsonPath report =
        as("gp").get("/" + patient + "/$access-report").then().statusCode(200).extract().jsonPath();
    assertThat(report.getList("entry.resource.subtype.flatten().code", String.class))
        .contains("emergency-access-start", "summary");
    // The paramedic's summary read itself is audited as emergency treatment (the GP's, as
    // treatment).
    List<Map<String, Object>> events = report.getList("entry.resource");
    assertThat(
            events.stream()
                .filter(event -> String.valueOf(event.get("subtype")).contains("code=summary"))
                .filter(event -> String.valueOf(event.get("agent")).contains("value=urgent-care"))
                .map(event -> String.valueOf(event.get("purposeOfEvent"))))
        .isNotEmpty()
        .allMatch(purpose -> purpose.contains("ETREAT"));
    assertThat(report.getList("entry.resource.purposeOfEvent.flatten().text", String.class))
        .anyMatch(text -> text != null && text.contains("collapsed at home, unresponsive"));
  }

  @Test
  void enrollingJoinsThePersonsPlanOrStartsOne() {
    String patient = "Patient/" + newPatient("1950-03-03", "Enrolled", PRACTICE);
    // COPD starts no pathway by itself, so the GP's own enrolment is what starts the plan (a
    // palliative-care problem would enrol the person in the background, racing the GP's call).
    String enrolledPlan = enrol(patient, "hot-clinic", "13645005");
    List<Map<String, Object>> shared =
        as("gp")
            .get("/CarePlan?subject=" + patient + "&category=" + SHARED_CATEGORY)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("entry.resource");
    assertThat(shared).hasSize(1);
    String started = "CarePlan/" + shared.get(0).get("id");
    assertThat(read("gp", enrolledPlan).get("partOf").toString()).contains(started);
    // The plan the server started is attributed too: to Carepath, after the GP who enrolled.
    List<Map<String, Object>> provenances =
        as("gp")
            .get("/Provenance?target=" + started)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("entry.resource");
    assertThat(provenances)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.toString())
                  .contains(started + "/_history/1")
                  .contains("code=CREATE")
                  .contains("code=performer")
                  .contains("value=carepath");
              assertThat(p.get("agent").toString())
                  .startsWith(
                      "[{type={coding=[{system=http://terminology.hl7.org/CodeSystem/provenance-participant-type, code=author");
            });

    // A second pathway joins the same plan.
    assertThat(read("gp", enrolEndOfLife(patient)).get("partOf").toString()).contains(started);
    assertThat(searchTotal("gp", "CarePlan", "subject", patient, "category", SHARED_CATEGORY))
        .isEqualTo(1);

    // The end-of-life register: the practice's and the PCN's people on the pathway, by search.
    String register =
        "/CarePlan?pathway=https://fhir.carepath.org/PlanDefinition/end-of-life&status=active"
            + "&_count=200&subject:Patient.general-practitioner=";
    assertThat(
            as("gp")
                .get(register + PRACTICE)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entry.resource.subject.reference"))
        .contains(patient);
    assertThat(
            as("care-coordinator")
                .get(
                    "/CarePlan?pathway=https://fhir.carepath.org/PlanDefinition/end-of-life"
                        + "&status=active&_count=200"
                        + "&subject:Patient.general-practitioner:Organization.partof="
                        + "Organization/demo-pcn-1")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entry.resource.subject.reference"))
        .contains(patient);

    String withPlan = "Patient/" + newPatient("1950-04-04", "Joined", PRACTICE);
    String plan = startPlan(withPlan).get("plan");
    assertThat(read("gp", enrolEndOfLife(withPlan)).get("partOf").toString()).contains(plan);
    assertThat(searchTotal("gp", "CarePlan", "subject", withPlan, "category", SHARED_CATEGORY))
        .isEqualTo(1);
  }

  @Test
  void theEndOfLifeRegisterIsAGroupThePathwayKeeps() throws Exception {
    String patient = "Patient/" + newPatient("1940-02-02", "Register", PRACTICE);
    String register = "Group/eol-register-demo-practice-1";
    String enrolment = enrolEndOfLife(patient);

    Map<String, Object> joined = read("gp", register);
    Map<String, Object> membership = membership(joined, patient);
    assertThat(membership.get("inactive")).isEqualTo(false);
    assertThat(membership.get("period").toString()).contains("start=").doesNotContain("end=");
    assertThat(joined.get("managingEntity").toString()).contains(PRACTICE);
    // Two people enrolled at once at the practice both join it (neither change is lost).
    String first = "Patient/" + newPatient("1939-03-03", "RegisterA", PRACTICE);
    String second = "Patient/" + newPatient("1939-04-04", "RegisterB", PRACTICE);
    ExecutorService both = Executors.newFixedThreadPool(2);
    try {
      List<Future<String>> enrolled = new ArrayList<>();
      for (String person : List.of(first, second)) {
        enrolled.add(both.submit(() -> enrolEndOfLife(person)));
      }
      for (Future<String> done : enrolled) {
        done.get();
      }
    } finally {
      both.shutdown();
    }
    Map<String, Object> afterBoth = read("gp", register);
    assertThat(membership(afterBoth, first).get("inactive")).isEqualTo(false);
    assertThat(membership(afterBoth, second).get("inactive")).isEqualTo(false);
    assertThat((Integer) afterBoth.get("quantity")).isEqualTo((Integer) joined.get("quantity") + 2);
    joined = afterBoth;

    // Nobody writes it but the pathway: not even the practice.
    as("gp")
        .body(
            "{\"resourceType\":\"Group\",\"id\":\"eol-register-demo-practice-1\","
                + "\"type\":\"person\",\"actual\":true}")
        .put("/" + register)
        .then()
        .statusCode(403)
        .body(containsString("kept by the end-of-life pathway"));
    assertThat(read("gp", register).get("meta")).isEqualTo(joined.get("meta"));
    int onItBefore = (Integer) joined.get("quantity");
    // The PCN's coordinator finds its practices' registers by search.
    assertThat(
            as("care-coordinator")
                .get(
                    "/Group?code=https://fhir.carepath.org/CodeSystem/register|end-of-life"
                        + "&managing-entity:Organization.partof=Organization/demo-pcn-1")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entry.resource.id", String.class))
        .contains("eol-register-demo-practice-1");

    // The pathway ends (each open step cancelled, so the enrolment completes): off the register.
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<Map<String, Object>> open =
        as("gp")
            .get("/Task?based-on=" + enrolment + "&status=ready&_count=50")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("entry.resource");
    assertThat(open).isNotEmpty();
    for (Map<String, Object> step : open) {
      ObjectNode cancelled = json.valueToTree(step);
      cancelled.put("status", "cancelled");
      cancelled.putObject("statusReason").put("text", "Moved away: care handed over");
      as("gp")
          .body(json.writeValueAsString(cancelled))
          .put("/Task/" + step.get("id"))
          .then()
          .statusCode(200);
    }
    assertThat(read("gp", enrolment).get("status")).isEqualTo("completed");
    Map<String, Object> left = read("gp", register);
    Map<String, Object> ended = membership(left, patient);
    assertThat(ended.get("inactive")).isEqualTo(true);
    assertThat(ended.get("period").toString()).contains("start=").contains("end=");
    assertThat((Integer) left.get("quantity")).isEqualTo(onItBefore - 1);
  }

  /** The patient's one membership of a register. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> membership(Map<String, Object> register, String patient) {
    List<Map<String, Object>> members =
        ((List<Map<String, Object>>) register.get("member"))
            .stream()
                .filter(m -> patient.equals(((Map<?, ?>) m.get("entity")).get("reference")))
                .toList();
    assertThat(members).hasSize(1);
    return members.get(0);
  }

  /** Waits (20 s at most) until the GP's access report for the patient lists {@code value}. */
  private void awaitOnAccessReport(String patient, String path, String value) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(
            () ->
                as("gp")
                    .get("/" + patient + "/$access-report")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList(path, String.class)
                    .contains(value));
  }

  private String enrolEndOfLife(String patient) {
    return enrol(patient, "end-of-life", "103735009");
  }

  /** The GP records a problem ({@code snomed}) and enrols the person on {@code pathway}. */
  private String enrol(String patient, String pathway, String snomed) {
    created(
        "gp",
        "Condition",
        JsonFixture.of("/support/condition.json", Map.of("snomed", snomed, "patient", patient)));
    JsonPath enrolled =
        as("gp")
            .body(
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"pathway\",\"valueString\":\""
                    + pathway
                    + "\"}]}")
            .post("/" + patient + "/$enrol")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    return "CarePlan/" + enrolled.getString("parameter.find { it.name == 'carePlan' }.resource.id");
  }

  /** The GP's problems, goal and MDT care team for the person, then the plan (reason given). */
  private Map<String, String> startPlan(String patient) {
    Map<String, String> ids = parts(patient);
    Response response =
        as("gp")
            .header(
                "X-Provenance",
                "{\"resourceType\":\"Provenance\",\"reason\":[{\"text\":\"Plan agreed at the MDT\"}]}")
            .body(planBody(patient, ids))
            .post("/CarePlan");
    response.then().statusCode(201);
    Map<String, String> all = new java.util.HashMap<>(ids);
    all.put("plan", "CarePlan/" + response.path("id"));
    return all;
  }

  private Map<String, String> parts(String patient) {
    String condition =
        "Condition/"
            + created(
                "gp",
                "Condition",
                JsonFixture.of(
                    "/support/condition.json", Map.of("snomed", "13645005", "patient", patient)));
    String goal =
        "Goal/"
            + created(
                "gp",
                "Goal",
                JsonFixture.of(
                    "/careplan/goal.json",
                    Map.of("patient", patient, "words", "I want to walk to the shops again")));
    String careTeam =
        "CareTeam/"
            + created(
                "gp",
                "CareTeam",
                JsonFixture.of("/careplan/mdt-care-team.json", Map.of("patient", patient)));
    return Map.of("condition", condition, "goal", goal, "careTeam", careTeam);
  }

  /** A CarePlan body for an update of {@code reference} ({@code CarePlan/<id>}). */
  private static String withId(String body, String reference) {
    return body.replace(
        "\"resourceType\": \"CarePlan\",",
        "\"resourceType\": \"CarePlan\", \"id\": \""
            + reference.substring("CarePlan/".length())
            + "\",");
  }

  private static String planBody(String patient, Map<String, String> ids) {
    return JsonFixture.of(
        "/careplan/shared-care-plan.json",
        Map.of(
            "patient", patient,
            "careTeam", ids.get("careTeam"),
            "condition", ids.get("condition"),
            "goal", ids.get("goal")));
  }

  private String section(String user, String patient, String plan, String owner, String note) {
    return "CarePlan/"
        + created(
            user,
            "CarePlan",
            JsonFixture.of("/careplan/section.json", sectionValues(patient, plan, owner, note)));
  }

  private static Map<String, String> sectionValues(
      String patient, String plan, String owner, String note) {
    return Map.of(
        "patient", patient, "plan", plan, "owner", owner, "title", "Section", "note", note);
  }

  /** Emergency access asserted by NHS number, for emergency treatment, with {@code text}. */
  private static String byNhsNumber(String nhsNumber, String text) {
    return JsonFixture.of(
        "/careplan/emergency-access-by-nhs-number.json",
        Map.of("nhsNumber", nhsNumber, "text", text));
  }

  /** A resuscitation decision's discussion (as text) and review date, as components. */
  private static void discussed(ObjectNode decision, String withWhom, String reviewBy) {
    var components = decision.putArray("component");
    ObjectNode with = components.addObject();
    with.putObject("code")
        .putArray("coding")
        .addObject()
        .put("system", "https://fhir.carepath.org/CodeSystem/eol-preference-type")
        .put("code", "discussed-with");
    with.putObject("valueCodeableConcept").put("text", withWhom);
    ObjectNode review = components.addObject();
    review
        .putObject("code")
        .putArray("coding")
        .addObject()
        .put("system", "https://fhir.carepath.org/CodeSystem/eol-preference-type")
        .put("code", "review-date");
    review.put("valueDateTime", reviewBy);
  }

  private ObjectNode eolEntry(String patient, String kind, String value) {
    return JsonFixture.tree(
        "/careplan/eol-entry.json",
        Map.of("patient", patient, "kind", kind, "value", value, "date", "2026-12-01"));
  }

  private Map<String, Object> read(String user, String reference) {
    return as(user).get("/" + reference).then().statusCode(200).extract().jsonPath().getMap("");
  }

  private JsonPath sharedCarePlan(String user, String patient, Instant since) {
    var request = as(user);
    if (since != null) {
      request = request.queryParam("since", since.toString());
    }
    return request
        .get("/" + patient + "/$shared-care-plan")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
