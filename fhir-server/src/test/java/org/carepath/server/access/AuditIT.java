package org.carepath.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.carepath.server.support.JsonFixture;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every access to a patient's record leaves an IHE BALP AuditEvent — who, for which organisation,
 * why (treatment or emergency), what, which patient, outcome — refusals and emergency access
 * included; AuditEvents are append-only, read by the practice's privacy officer, and summed up for
 * the patient's carers by {@code $access-report}.
 */
class AuditIT extends ServerTestSupport {

  private static final String BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/";

  @Autowired EmergencyAccess emergencyAccess;
  @Autowired MeterRegistry meters;
  @Autowired JdbcTemplate jdbc;

  @Test
  void readsSearchesAndWritesOfARecordAreAuditedWithWhoWhyAndWhich() {
    String patient =
        "Patient/" + newPatient("1947-07-07", "Audited", "Organization/demo-practice-1");
    String condition =
        created(
            "gp",
            "Condition",
            JsonFixture.of(
                "/support/condition.json", Map.of("snomed", "161891005", "patient", patient)));
    as("practice-nurse").get("/Condition/" + condition).then().statusCode(200);
    as("practice-nurse").queryParam("subject", patient).get("/Condition").then().statusCode(200);

    List<Map<String, Object>> events = awaitEvents(patient, 4);
    assertThat(profiles(events))
        .contains(
            BALP + "IHE.BasicAudit.PatientCreate",
            BALP + "IHE.BasicAudit.PatientRead",
            BALP + "IHE.BasicAudit.PatientQuery");
    JsonPath read = eventWithProfile(patient, BALP + "IHE.BasicAudit.PatientRead");
    assertThat(read.getString("agent.find { it.requestor == true }.who.identifier.value"))
        .isEqualTo("practice-nurse");
    assertThat(read.getString("agent.find { it.requestor == true }.role[0].coding[0].code"))
        .isEqualTo("practice-nurse");
    // The organisation the user acted for.
    assertThat(read.getList("agent.who.reference", String.class))
        .contains("Organization/demo-practice-1");
    assertThat(read.getString("purposeOfEvent[0].coding[0].code")).isEqualTo("TREAT");
    assertThat(read.getList("entity.what.reference", String.class))
        .contains(patient, "Condition/" + condition);
    assertThat(read.getString("outcome")).isEqualTo("0");
  }

  @Test
  void aRefusedReadAndAnEmergencyAccessAreAuditedAndItsEndToo() {
    String patient =
        "Patient/" + newPatient("1947-07-08", "Refused", "Organization/demo-practice-1");
    as("gp-moorland").get("/" + patient).then().statusCode(404);
    JsonPath denied = awaitEventWithSubtype(patient, "denied");
    assertThat(denied.getString("outcome")).isEqualTo("4");
    assertThat(denied.getString("outcomeDesc")).contains("No legitimate relationship");
    assertThat(denied.getString("agent.find { it.requestor == true }.who.identifier.value"))
        .isEqualTo("gp-moorland");

    as("gp-moorland")
        .body(
            JsonFixture.of(
                "/access/emergency-access.json",
                Map.of("code", "ETREAT", "text", "Unresponsive in clinic, allergies unknown")))
        .post("/" + patient + "/$emergency-access")
        .then()
        .statusCode(200);
    JsonPath started = awaitEventWithSubtype(patient, "emergency-access-start");
    assertThat(started.getString("purposeOfEvent[0].coding[0].code")).isEqualTo("ETREAT");
    assertThat(started.getString("purposeOfEvent[0].text")).contains("allergies unknown");

    as("gp-moorland").get("/" + patient).then().statusCode(200);
    JsonPath read = eventWithProfile(patient, BALP + "IHE.BasicAudit.PatientRead");
    assertThat(read.getString("purposeOfEvent[0].coding[0].code")).isEqualTo("ETREAT");

    // The four hours pass; the server audits the end.
    jdbc.update(
        "update cp_emergency_access set ends_at = now() - interval '1 second' where patient_id = ?",
        patient.substring("Patient/".length()));
    emergencyAccess.auditEnded();
    assertThat(
            awaitEventWithSubtype(patient, "emergency-access-end")
                .getString("purposeOfEvent[0].coding[0].code"))
        .isEqualTo("ETREAT");
    as("gp-moorland").get("/" + patient).then().statusCode(404);
  }

  /** Operators see audit falling behind: the writer's backlog is a gauge that empties. */
  @Test
  void theAuditBacklogIsMeasured() {
    String patient =
        "Patient/" + newPatient("1947-07-12", "Measured", "Organization/demo-practice-1");
    as("gp").get("/" + patient).then().statusCode(200);
    awaitEvents(patient, 2);
    Gauge queued = meters.get("carepath.audit.queued").gauge();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> queued.value() == 0);
  }

  @Test
  void auditEventsAreAppendOnlyAndOnlyThePracticesPrivacyOfficerSearchesThem() {
    String patient =
        "Patient/" + newPatient("1947-07-09", "Private", "Organization/demo-practice-1");
    as("gp").get("/" + patient).then().statusCode(200);
    String event = (String) awaitEvents(patient, 1).get(0).get("id");

    // Nobody writes one: not the GP, not the privacy officer, not in a transaction.
    String body =
        "{\"resourceType\":\"AuditEvent\",\"type\":{\"code\":\"rest\"},\"recorded\":\"2026-12-01T10:00:00Z\",\"agent\":[{\"requestor\":true}],\"source\":{\"observer\":{\"display\":\"x\"}},\"entity\":[{\"what\":{\"reference\":\""
            + patient
            + "\"}}]}";
    as("gp").body(body).post("/AuditEvent").then().statusCode(403);
    as("privacy-officer").body(body).post("/AuditEvent").then().statusCode(403);
    as("gp")
        .body(
            body.replace(
                "{\"resourceType\":\"AuditEvent\",",
                "{\"resourceType\":\"AuditEvent\",\"id\":\"" + event + "\","))
        .put("/AuditEvent/" + event)
        .then()
        .statusCode(403);

    // The privacy officer of the registered practice searches them; clinicians use the report.
    assertThat(
            entries(
                as("privacy-officer")
                    .queryParam("patient", patient)
                    .get("/AuditEvent")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()))
        .isPositive();
    as("gp")
        .queryParam("patient", patient)
        .get("/AuditEvent")
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("$access-report"));
    // The privacy officer reads who accessed the record, not the record.
    as("privacy-officer").get("/" + patient).then().statusCode(403);
  }

  @Test
  void theAccessReportListsWhoViewedTheRecordForItsCarersAndThePrivacyOfficerOnly() {
    String patient =
        "Patient/" + newPatient("1947-07-10", "Reported", "Organization/demo-practice-2");
    as("gp-moorland").get("/" + patient).then().statusCode(200);
    as("gp").get("/" + patient).then().statusCode(404); // another practice of the PCN
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> reported("gp-moorland", patient).size() >= 3); // create, read, refusal

    JsonPath report =
        as("gp-moorland")
            .get("/" + patient + "/$access-report")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(report.getString("type")).isEqualTo("collection");
    assertThat(
            report.getList(
                "entry.resource.agent.flatten().findAll { it.requestor == true }.who.identifier.value",
                String.class))
        .contains("gp-moorland");
    // Reading the report is itself audited: the next report lists the first.
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                reported("gp-moorland", patient).stream()
                    .anyMatch(
                        event -> String.valueOf(event.get("subtype")).contains("access-report")));

    // Not for those without access, nor another practice's privacy officer: as if no patient.
    as("gp").get("/" + patient + "/$access-report").then().statusCode(404);
    as("privacy-officer").get("/" + patient + "/$access-report").then().statusCode(404);
    as("commissioner").get("/" + patient + "/$access-report").then().statusCode(403);
  }

  @Test
  void aTasksReadsSearchesAndWritesAreAuditedAgainstItsPatient() {
    // R4's Patient compartment holds no Task: BALP alone would name no patient.
    String patient =
        "Patient/" + newPatient("1947-07-13", "Tasked", "Organization/demo-practice-1");
    String task =
        created(
            "gp",
            "Task",
            JsonFixture.of(
                "/access/task.json",
                Map.of(
                    "patient", patient,
                    "requester", "Organization/demo-practice-1",
                    "owner", "Organization/demo-practice-1")));
    as("practice-nurse").get("/Task/" + task).then().statusCode(200);
    as("practice-nurse").queryParam("_id", task).get("/Task").then().statusCode(200);

    JsonPath created = eventWithProfile(patient, BALP + "IHE.BasicAudit.PatientCreate");
    assertThat(created.getList("entity.what.reference", String.class))
        .contains(patient, "Task/" + task);
    assertThat(created.getString("purposeOfEvent[0].coding[0].code")).isEqualTo("TREAT");
    JsonPath read = eventWithProfile(patient, BALP + "IHE.BasicAudit.PatientRead");
    assertThat(read.getList("entity.what.reference", String.class))
        .contains(patient, "Task/" + task);
    assertThat(read.getString("agent.find { it.requestor == true }.who.identifier.value"))
        .isEqualTo("practice-nurse");
    assertThat(eventWithProfile(patient, BALP + "IHE.BasicAudit.PatientQuery").getString("outcome"))
        .isEqualTo("0");
  }

  @Test
  void refusedWritesAreAuditedAsRefusalsWithTheirReason() {
    String patient =
        "Patient/" + newPatient("1947-07-12", "Written", "Organization/demo-practice-1");
    String body =
        JsonFixture.of(
            "/support/condition.json", Map.of("snomed", "161891005", "patient", patient));
    String condition = created("gp", "Condition", body);

    // Another practice's GP: a create and an update of the record, refused.
    as("gp-moorland").body(body).post("/Condition").then().statusCode(403);
    ObjectNode update =
        JsonFixture.tree(
            "/support/condition.json", Map.of("snomed", "161891005", "patient", patient));
    update.put("id", condition);
    as("gp-moorland").body(update.toString()).put("/Condition/" + condition).then().statusCode(403);
    List<Map<String, Object>> refusals = awaitRefusals(patient, 2);
    assertThat(refusals).extracting(event -> event.get("action")).contains("C", "U");
    assertThat(refusals)
        .extracting(event -> String.valueOf(event.get("outcomeDesc")))
        .allMatch(reason -> reason.contains("No legitimate relationship"));
    JsonPath refusedUpdate =
        JsonPath.from(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(
                    refusals.stream().filter(e -> "U".equals(e.get("action"))).findFirst().get())
                .toString());
    assertThat(refusedUpdate.getList("entity.what.reference", String.class))
        .contains(patient, "Condition/" + condition);
    assertThat(refusedUpdate.getString("agent.find { it.requestor == true }.who.identifier.value"))
        .isEqualTo("gp-moorland");

    // A conditional create matching the record it may not see: refused (412) and audited.
    String nhsNumber = testNhsNumber();
    ObjectNode registration =
        JsonFixture.tree(
            "/support/patient.json",
            Map.of(
                "birthDate",
                "1941-02-02",
                "family",
                "Probed",
                "practice",
                "Organization/demo-practice-1"));
    registration
        .putArray("identifier")
        .addObject()
        .put("system", "https://fhir.nhs.uk/Id/nhs-number")
        .put("value", nhsNumber);
    String registered = "Patient/" + created("gp", "Patient", registration.toString());
    registration.withArray("generalPractitioner").removeAll();
    registration
        .withArray("generalPractitioner")
        .addObject()
        .put("reference", "Organization/demo-practice-2");
    as("gp-moorland")
        .header("If-None-Exist", "identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhsNumber)
        .body(registration.toString())
        .post("/Patient")
        .then()
        .statusCode(412);
    assertThat(awaitRefusals(registered, 1))
        .extracting(event -> event.get("outcomeDesc"))
        .contains(ConditionalMatches.HIDDEN_MATCH);
  }

  /** The patient's refusal events (outcome 4) as Hillside Surgery's privacy officer finds them. */
  private List<Map<String, Object>> awaitRefusals(String patient, int atLeast) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              List<Map<String, Object>> found =
                  as("privacy-officer")
                      .queryParam("patient", patient)
                      .queryParam("outcome", "4")
                      .queryParam("_count", 200)
                      .get("/AuditEvent")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath()
                      .getList("entry.resource");
              return found == null ? List.<Map<String, Object>>of() : found;
            },
            found -> found.size() >= atLeast);
  }

  @Test
  void auditEventsAreStoredOneRowEachAndSearchedByWhatPrivacyOfficersAsk() {
    String patient =
        "Patient/" + newPatient("1947-07-11", "Searched", "Organization/demo-practice-1");
    Integer hapiEventsBefore = hapiAuditEvents();
    as("gp").get("/" + patient).then().statusCode(200);
    awaitEvents(patient, 2); // create, read

    // In the audit store, one row each (besides those of the privacy officer's searches); none in
    // HAPI's resource tables.
    assertThat(
            jdbc.queryForObject(
                "select count(*) from cp_audit_event where ? = any (patient_ids) and not exists"
                    + " (select 1 from unnest(subtypes) s where s like '%|audit-events-shown')",
                Integer.class, patient.substring("Patient/".length())))
        .isEqualTo(2);
    assertThat(hapiAuditEvents()).isEqualTo(hapiEventsBefore);

    // Searched by: patient, date, who (agent), what happened (type, subtype, action, outcome).
    JsonPath found =
        as("privacy-officer")
            .queryParam("patient", patient)
            .queryParam("agent", "Organization/demo-practice-1")
            .queryParam("subtype", "read")
            .queryParam("action", "R")
            .queryParam("outcome", "http://hl7.org/fhir/audit-event-outcome|0")
            .queryParam("date", "ge2026-01-01")
            .get("/AuditEvent")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(found.getList("entry.resource.action", String.class)).containsOnly("R");
    assertThat(
            entries(
                as("privacy-officer")
                    .queryParam("patient", patient)
                    .queryParam("outcome", "4")
                    .get("/AuditEvent")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()))
        .isZero();
    // And read by id.
    String id = found.getString("entry[0].resource.id");
    as("privacy-officer")
        .get("/AuditEvent/" + id)
        .then()
        .statusCode(200)
        .body("id", org.hamcrest.Matchers.equalTo(id));
    // Who looked at the audit trail is in it too.
    JsonPath looked = awaitEventWithSubtype(patient, "audit-events-shown");
    assertThat(looked.getString("agent.find { it.requestor == true }.who.identifier.value"))
        .isEqualTo("privacy-officer");

    // Other parameters are refused, and not offered.
    as("privacy-officer")
        .queryParam("entity-role", "1")
        .get("/AuditEvent")
        .then()
        .statusCode(400)
        .body("issue[0].diagnostics", containsString("entity-role"));
    as("privacy-officer")
        .queryParam("patient", patient)
        .queryParam("_include", "AuditEvent:patient")
        .get("/AuditEvent")
        .then()
        .statusCode(400);
    as("privacy-officer")
        .queryParam("_sort", "address")
        .get("/AuditEvent")
        .then()
        .statusCode(400)
        .body("issue[0].diagnostics", containsString("sorted by date only"));
    JsonPath metadata =
        as("privacy-officer").get("/metadata").then().statusCode(200).extract().jsonPath();
    assertThat(
            metadata.getList(
                "rest[0].resource.find { it.type == 'AuditEvent' }.searchParam.name", String.class))
        .containsExactlyInAnyOrder(
            "_id", "patient", "date", "agent", "entity", "type", "subtype", "action", "outcome");
    assertThat(
            metadata.getList(
                "rest[0].resource.find { it.type == 'AuditEvent' }.interaction.code", String.class))
        .containsExactlyInAnyOrder("read", "search-type");
  }

  /**
   * A privacy officer's search without a patient pages through their practice's patients' events
   * only: each page full, the next page's link by offset, another practice's patient never listed.
   */
  @Test
  void aPrivacyOfficersSearchIsFilteredBeforePaging() {
    String since = java.time.Instant.now().minusSeconds(1).toString();
    String elsewhere =
        "Patient/" + newPatient("1947-07-14", "Elsewhere", "Organization/demo-practice-2");
    as("gp-moorland").get("/" + elsewhere).then().statusCode(200);
    String first = "Patient/" + newPatient("1947-07-15", "Paged", "Organization/demo-practice-1");
    String second = "Patient/" + newPatient("1947-07-16", "Paged", "Organization/demo-practice-1");
    as("gp").get("/" + first).then().statusCode(200);
    as("gp").get("/" + second).then().statusCode(200);
    awaitEvents(first, 2);
    awaitEvents(second, 2);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                jdbc.queryForObject(
                    "select count(*) from cp_audit_event where ? = any (patient_ids)",
                    Integer.class,
                    elsewhere.substring("Patient/".length())),
            count -> count >= 2);

    // A closed period: reading AuditEvents is itself audited, so an open-ended search grows as it
    // is paged through.
    String until = java.time.Instant.now().toString();
    List<String> named = new java.util.ArrayList<>();
    int offset = 0;
    for (int pages = 0; ; pages++) {
      assertThat(pages).as("pages of a closed period").isLessThan(500);
      JsonPath page =
          as("privacy-officer")
              .queryParam("date", "ge" + since)
              .queryParam("date", "le" + until)
              .queryParam("_count", 2)
              .queryParam("_offset", offset)
              .get("/AuditEvent")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(page.getString("total")).isNull();
      named.addAll(page.getList("entry.resource.entity.what.reference.flatten()", String.class));
      String next = page.getString("link.find { it.relation == 'next' }.url");
      if (next == null) {
        assertThat(entries(page)).isBetween(0, 2);
        break;
      }
      assertThat(entries(page)).isEqualTo(2);
      assertThat(next).contains("_offset=" + (offset + 2));
      offset += 2;
    }
    assertThat(named).contains(first, second).doesNotContain(elsewhere);

    // Nor read by id.
    Long hidden =
        jdbc.queryForObject(
            "select min(id) from cp_audit_event where ? = any (patient_ids)",
            Long.class,
            elsewhere.substring("Patient/".length()));
    as("privacy-officer").get("/AuditEvent/" + hidden).then().statusCode(404);
  }

  private Integer hapiAuditEvents() {
    return jdbc.queryForObject(
        "select count(*) from hfj_resource where res_type = 'AuditEvent'", Integer.class);
  }

  private List<Map<String, Object>> reported(String user, String patient) {
    List<Map<String, Object>> found =
        as(user)
            .get("/" + patient + "/$access-report")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("entry.resource");
    return found == null ? List.of() : found;
  }

  /** The patient's AuditEvents as Hillside Surgery's privacy officer finds them. */
  private List<Map<String, Object>> awaitEvents(String patient, int atLeast) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              List<Map<String, Object>> found =
                  as("privacy-officer")
                      .queryParam("patient", patient)
                      .queryParam("_count", 200)
                      .get("/AuditEvent")
                      .then()
                      .extract()
                      .jsonPath()
                      .getList("entry.resource");
              return found == null ? List.<Map<String, Object>>of() : found;
            },
            found -> found.size() >= atLeast);
  }

  private static List<String> profiles(List<Map<String, Object>> events) {
    return events.stream()
        .map(event -> (Map<?, ?>) event.get("meta"))
        .filter(meta -> meta != null && meta.get("profile") != null)
        .flatMap(meta -> ((List<?>) meta.get("profile")).stream().map(String::valueOf))
        .toList();
  }

  private JsonPath eventWithProfile(String patient, String profile) {
    return awaitEvent(patient, "meta.profile", profile);
  }

  private JsonPath awaitEventWithSubtype(String patient, String code) {
    return awaitEvent(patient, "subtype.code", code);
  }

  /** The newest of the patient's AuditEvents whose {@code path} list contains {@code value}. */
  private JsonPath awaitEvent(String patient, String path, String value) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              JsonPath bundle =
                  as("privacy-officer")
                      .queryParam("patient", patient)
                      .queryParam("_sort", "-date")
                      .queryParam("_count", 200)
                      .get("/AuditEvent")
                      .then()
                      .extract()
                      .jsonPath();
              List<Map<String, Object>> events = bundle.getList("entry.resource");
              if (events == null) {
                return null;
              }
              for (Map<String, Object> event : events) {
                JsonPath one =
                    JsonPath.from(
                        new com.fasterxml.jackson.databind.ObjectMapper()
                            .writeValueAsString(event));
                List<Object> values = one.getList(path);
                if (values != null && values.contains(value)) {
                  return one;
                }
              }
              return null;
            },
            found -> found != null);
  }
}
