package org.carepath.server.pathway;

import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.carepath.server.support.JsonFixture;
import org.carepath.server.support.ServerTestSupport;

/** Calls pathway ITs make as participants' systems would: patients, problems, enrolments, steps. */
abstract class PathwayCalls extends ServerTestSupport {

  static final String PRACTICE = "Organization/demo-practice-1";

  /**
   * Who registers the pathway ITs' patients and records their care: PCN 1's coordinator, who acts
   * for its practices — Hillside Surgery and each test's own practice (made part of PCN 1).
   */
  static final String CARER = "care-coordinator";

  /** A GP practice of the demo PCN Peak Edge that no other test uses: its counts are the test's. */
  String newPractice() {
    String ods = "K" + UUID.randomUUID().toString().substring(0, 5).toUpperCase(Locale.ROOT);
    return "Organization/"
        + created(
            "gp",
            "Organization",
            JsonFixture.of(
                "/pathway/gp-practice.json", Map.of("ods", ods, "pcn", "Organization/demo-pcn-1")));
  }

  String patient(String birthDate) {
    return patient(birthDate, PRACTICE);
  }

  String patient(String birthDate, String practice) {
    return created(
        CARER,
        "Patient",
        JsonFixture.of(
            "/support/patient.json",
            Map.of("birthDate", birthDate, "family", "Pathway", "practice", practice)));
  }

  void condition(String patient, String snomed) {
    created(
        CARER,
        "Condition",
        JsonFixture.of(
            "/support/condition.json", Map.of("snomed", snomed, "patient", "Patient/" + patient)));
  }

  /** Waits (30 s at most) until a trigger, run after commit, has enrolled the patient. */
  void awaitEnrolled(String patient, String pathwayCode) {
    awaitTotal(
        1,
        "CarePlan",
        "subject",
        "Patient/" + patient,
        "pathway",
        "https://fhir.carepath.org/PlanDefinition/" + pathwayCode);
  }

  /** Waits (30 s at most) until the patient has a step Task of this code in this status. */
  Map<String, Object> awaitStep(String patient, String stepCode, String status) {
    awaitTotal(1, "Task", "patient", "Patient/" + patient, "code", stepCode, "status", status);
    List<Map<String, Object>> found =
        as(CARER)
            .get("/Task?patient=Patient/" + patient + "&code=" + stepCode)
            .then()
            .extract()
            .jsonPath()
            .getList("entry.resource");
    return found.get(0);
  }

  /** Waits (30 s at most) until a search as the GP finds {@code expected} resources. */
  void awaitTotal(int expected, String type, Object... nameValuePairs) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> searchTotal(CARER, type, nameValuePairs) == expected);
  }

  JsonPath enrol(String patient, String pathway, String setting, String start) {
    StringBuilder body =
        new StringBuilder(
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"pathway\",\"valueString\":\"")
            .append(pathway)
            .append("\"}");
    if (setting != null) {
      body.append(",{\"name\":\"setting\",\"valueReference\":{\"reference\":\"")
          .append(setting)
          .append("\"}}");
    }
    if (start != null) {
      body.append(",{\"name\":\"start\",\"valueDateTime\":\"").append(start).append("\"}");
    }
    body.append("]}");
    return as("care-coordinator")
        .body(body.toString())
        .post("/Patient/" + patient + "/$enrol")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> task(JsonPath enrolment, String stepCode) {
    List<Map<String, Object>> tasks =
        enrolment.getList("parameter.findAll { it.name == 'task' }.resource");
    return tasks.stream()
        .filter(
            t ->
                ((List<Map<String, Object>>) ((Map<String, Object>) t.get("code")).get("coding"))
                    .get(0)
                    .get("code")
                    .equals(stepCode))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step " + stepCode));
  }

  Map<String, Object> current(Map<String, Object> task) {
    return as(CARER)
        .get("/Task/" + task.get("id"))
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getMap("");
  }

  @SuppressWarnings("unchecked")
  static String restrictionEnd(Map<String, Object> task) {
    return (String)
        ((Map<String, Object>) ((Map<String, Object>) task.get("restriction")).get("period"))
            .get("end");
  }

  String withStatus(Map<String, Object> task, String status) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(task);
    copy.put("status", status);
    copy.remove("meta");
    return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(copy).toString();
  }

  void complete(Map<String, Object> task, String outcome) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(current(task));
    copy.put("status", "completed");
    copy.remove("meta");
    if (outcome != null) {
      copy.put(
          "output",
          List.of(
              Map.of(
                  "type",
                  Map.of("text", "outcome"),
                  "valueCodeableConcept",
                  Map.of(
                      "coding",
                      List.of(
                          Map.of(
                              "system",
                              "https://fhir.carepath.org/CodeSystem/step-outcome",
                              "code",
                              outcome))))));
    }
    as(CARER)
        .body(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(copy).toString())
        .put("/Task/" + task.get("id"))
        .then()
        .statusCode(200);
  }
}
