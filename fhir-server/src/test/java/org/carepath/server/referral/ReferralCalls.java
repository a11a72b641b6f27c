package org.carepath.server.referral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.carepath.server.support.JsonFixture;
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
    return newPatient("1944-04-04", "Referral", practice);
  }

  /**
   * A patient of {@code practice} whose care team (written by the practice's GP) includes {@code
   * organisations}, so they may refer and follow the patient; answers the id.
   */
  String patientCaredForBy(String practice, String... organisations) {
    String patient = patient(practice);
    for (String organisation : organisations) {
      created(
          gpAt(practice),
          "CareTeam",
          JsonFixture.of(
              "/access/care-team.json",
              Map.of("status", "active", "patient", "Patient/" + patient, "member", organisation)));
    }
    return patient;
  }

  /** A referral with the minimum data set; {@code omit} names an element to leave out. */
  static String referral(
      String number, String patient, String serviceType, String priority, String omit) {
    ObjectNode referral =
        JsonFixture.tree(
            "/referral/service-request.json",
            Map.of(
                "number", number,
                "patient", patient,
                "serviceType", serviceType,
                "priority", priority,
                "authoredOn", Instant.now()));
    if (omit != null) {
      switch (omit) {
        case "purpose" -> ((ArrayNode) referral.get("category")).remove(1);
        case "priority", "requester" -> referral.remove(omit);
        case "reason" -> referral.remove("reasonCode");
        case "question" -> referral.remove("note");
        default -> throw new IllegalArgumentException("cannot omit " + omit);
      }
    }
    return referral.toString();
  }

  /** A transaction Bundle creating each referral (POST, no conditions). */
  static String transaction(List<String> referrals) {
    ObjectNode bundle =
        JSON.createObjectNode().put("resourceType", "Bundle").put("type", "transaction");
    ArrayNode entries = bundle.putArray("entry");
    for (String referral : referrals) {
      ObjectNode entry = entries.addObject();
      try {
        entry.set("resource", JSON.readTree(referral));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      entry.putObject("request").put("method", "POST").put("url", "ServiceRequest");
    }
    return bundle.toString();
  }

  /**
   * A transaction Bundle of the referral and the sender's own tracking Task (in status {@code
   * taskStatus}), both created once however often it is sent (ifNoneExist on the referral number).
   */
  static String referralWithSendersTask(String number, String patient, String taskStatus) {
    ObjectNode bundle =
        JsonFixture.tree(
            "/referral/referral-with-senders-task.json",
            Map.of("number", number, "patient", patient, "taskStatus", taskStatus));
    try {
      ((ObjectNode) bundle.get("entry").get(0))
          .set(
              "resource",
              JSON.readTree(referral(number, patient, "community-respiratory", "urgent", null)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return bundle.toString();
  }

  /** A routine referral to community respiratory for a new patient of {@link #PRACTICE}. */
  String respiratoryReferral() {
    return referral(
        unique("REF"), "Patient/" + patient(PRACTICE), "community-respiratory", "routine", null);
  }

  /** Posts a referral as the GP; answers the ServiceRequest's id. */
  String refer(String body) {
    return referAs("gp", body);
  }

  String referAs(String user, String body) {
    return as(user).body(body).post("/ServiceRequest").then().statusCode(201).extract().path("id");
  }

  /** The tracking Tasks of a referral, as the GP sees them. */
  List<Map<String, Object>> tasksOf(String serviceRequestId) {
    return tasksOf("gp", serviceRequestId);
  }

  List<Map<String, Object>> tasksOf(String user, String serviceRequestId) {
    List<Map<String, Object>> found =
        as(user)
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
    return trackingTask("gp", serviceRequestId);
  }

  Map<String, Object> trackingTask(String user, String serviceRequestId) {
    List<Map<String, Object>> tasks = tasksOf(user, serviceRequestId);
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

  static String id(String location) {
    String[] parts = location.split("/");
    return parts[1];
  }

  @SuppressWarnings("unchecked")
  static Object path(Map<String, Object> resource, String dotted) {
    Object current = resource;
    for (String part : dotted.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = ((Map<String, Object>) map).get(part);
    }
    return current;
  }
}
