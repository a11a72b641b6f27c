package org.carepath.server.referral;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.carepath.server.support.ServerTestSupport;

/** Calls referral ITs make as GP and provider systems would: patients, referrals, Task changes. */
abstract class ReferralCalls extends ServerTestSupport {

  static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  static final String REFERRAL_NUMBER = "https://fhir.carepath.org/Id/referral-number";
  static final String SERVICE_TYPE = "https://fhir.carepath.org/CodeSystem/service-type";
  static final String PRACTICE = "Organization/demo-practice-1";
  static final String COMMUNITY_TRUST = "Organization/demo-community-trust";

  String patient(String practice) {
    return as("gp")
        .body(
            "{\"resourceType\":\"Patient\",\"birthDate\":\"1944-04-04\",\"name\":[{\"family\":"
                + "\"Referral\"}],\"generalPractitioner\":[{\"reference\":\""
                + practice
                + "\"}]}")
        .post("/Patient")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** A referral with the minimum data set; {@code omit} names an element to leave out. */
  static String referral(
      String number, String patient, String serviceType, String priority, String omit) {
    StringBuilder json = new StringBuilder("{\"resourceType\":\"ServiceRequest\"");
    json.append(",\"identifier\":[{\"system\":\"")
        .append(REFERRAL_NUMBER)
        .append("\",\"value\":\"")
        .append(number)
        .append("\"}]");
    json.append(",\"status\":\"active\",\"intent\":\"order\"");
    json.append(
        ",\"category\":[{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"3457005\","
            + "\"display\":\"Patient referral\"}]}");
    if (!"purpose".equals(omit)) {
      json.append(
          ",{\"coding\":[{\"system\":\"https://fhir.carepath.org/CodeSystem/referral-purpose\","
              + "\"code\":\"treatment\"}]}");
    }
    json.append("]");
    if (!"priority".equals(omit)) {
      json.append(",\"priority\":\"").append(priority).append("\"");
    }
    json.append(",\"code\":{\"text\":\"Referral to ").append(serviceType).append("\"}");
    json.append(",\"subject\":{\"reference\":\"").append(patient).append("\"}");
    json.append(",\"authoredOn\":\"").append(Instant.now()).append("\"");
    if (!"requester".equals(omit)) {
      json.append(",\"requester\":{\"reference\":\"Practitioner/demo-gp\"}");
    }
    json.append(",\"performerType\":{\"coding\":[{\"system\":\"")
        .append(SERVICE_TYPE)
        .append("\",\"code\":\"")
        .append(serviceType)
        .append("\"}]}");
    if (!"reason".equals(omit)) {
      json.append(
          ",\"reasonCode\":[{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":"
              + "\"195951007\",\"display\":\"Acute exacerbation of COPD\"}]}]");
    }
    if (!"question".equals(omit)) {
      json.append(",\"note\":[{\"text\":\"Can you see and treat this patient, please?\"}]");
    }
    return json.append("}").toString();
  }

  /** A routine referral to community respiratory for a new patient of {@link #PRACTICE}. */
  String respiratoryReferral() {
    return referral(
        unique("REF"), "Patient/" + patient(PRACTICE), "community-respiratory", "routine", null);
  }

  /** Posts a referral as the GP; answers the ServiceRequest's id. */
  String refer(String body) {
    return as("gp").body(body).post("/ServiceRequest").then().statusCode(201).extract().path("id");
  }

  /** The tracking Tasks of a referral. */
  List<Map<String, Object>> tasksOf(String serviceRequestId) {
    List<Map<String, Object>> found =
        as("gp")
            .queryParam("focus", "ServiceRequest/" + serviceRequestId)
            .get("/Task")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("entry.resource");
    return found == null ? List.of() : found;
  }

  Map<String, Object> trackingTask(String serviceRequestId) {
    List<Map<String, Object>> tasks = tasksOf(serviceRequestId);
    assertThat(tasks).hasSize(1);
    return tasks.get(0);
  }

  JsonPath read(String user, String path) {
    return as(user).get(path).then().statusCode(200).extract().jsonPath();
  }

  /** Changes the Task's status as {@code user}: the HTTP status of the PUT. */
  int change(String user, String taskId, String status, String reason, String businessStatus) {
    Map<String, Object> task = read(user, "/Task/" + taskId).getMap("");
    task.put("status", status);
    if (reason != null) {
      task.put("statusReason", Map.of("text", reason));
    }
    if (businessStatus != null) {
      task.put(
          "businessStatus",
          Map.of(
              "coding",
              List.of(
                  Map.of(
                      "system",
                      "https://fhir.carepath.org/CodeSystem/task-business-status",
                      "code",
                      businessStatus))));
    }
    return put(user, taskId, task);
  }

  /** PUTs the Task as {@code user}: the HTTP status. */
  int put(String user, String taskId, Map<String, Object> task) {
    return as(user).body(json(task)).put("/Task/" + taskId).then().extract().statusCode();
  }

  static String json(Map<String, Object> resource) {
    try {
      return JSON.writeValueAsString(resource);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static <T> T eventually(Supplier<T> value, java.util.function.Predicate<T> done, Duration within)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    T current = value.get();
    while (!done.test(current) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      current = value.get();
    }
    return current;
  }
}
