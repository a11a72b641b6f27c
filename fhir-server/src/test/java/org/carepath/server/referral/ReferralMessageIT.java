package org.carepath.server.referral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.carepath.server.support.JsonFixture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Referral messages as a GP system sends them under the NHS Booking and Referral Standard: a
 * message Bundle posted to {@code $process-message}, over HTTP on the running server. The messages
 * are written from the BaRS specification's shapes (MessageHeader, focus ServiceRequest, Patient,
 * Encounter, CarePlan, Flag, Consent, Organization, PractitionerRole, HealthcareService).
 */
class ReferralMessageIT extends ReferralCalls {

  private static final String UBRN = "https://fhir.nhs.uk/Id/UBRN";
  private static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
  private static final String ERROR_CODES = "https://fhir.nhs.uk/CodeSystem/http-error-codes";
  private static final String SENDER = "gp-system";

  @Autowired private DataSource dataSource;

  /** A patient of the practice, with an NHS number, as the GP system knows them. */
  private record Person(String id, String nhsNumber) {}

  private Person person(String practice) {
    String nhsNumber = testNhsNumber();
    String id =
        created(
            gpAt(practice),
            "Patient",
            JsonFixture.of(
                "/referral/bars/patient.json",
                Map.of("nhsNumber", nhsNumber, "family", "Message", "practice", practice)));
    return new Person(id, nhsNumber);
  }

  /** A message's placeholders: a new referral of {@code person}, each identity fresh. */
  private static Map<String, Object> newReferral(Person person) {
    Map<String, Object> values = new HashMap<>();
    values.put("messageId", UUID.randomUUID().toString());
    values.put("event", "servicerequest-request");
    values.put("reason", "new");
    values.put("kind", "referral");
    values.put("status", "active");
    values.put("number", unique("BARS"));
    values.put(
        "ubrn", String.valueOf(100_000_000_000L + (long) (Math.random() * 800_000_000_000L)));
    values.put("nhsNumber", person.nhsNumber());
    values.put("family", "Message");
    values.put("authoredOn", Instant.now().toString());
    return values;
  }

  private static String message(Map<String, Object> values) {
    return JsonFixture.of("/referral/bars/referral-message.json", values);
  }

  private static String message(Map<String, Object> values, Consumer<ObjectNode> change) {
    ObjectNode bundle = JsonFixture.tree("/referral/bars/referral-message.json", values);
    change.accept(bundle);
    return bundle.toString();
  }

  private Response send(String body) {
    return send(body, UUID.randomUUID().toString());
  }

  private Response send(String body, String correlationId) {
    return asSystem(SENDER)
        .header("X-Correlation-ID", correlationId)
        .body(body)
        .post("/$process-message");
  }

  /** Sends the message, expects it taken in; answers the referral ({@code ServiceRequest/<id>}). */
  private String referred(Map<String, Object> values) {
    return send(message(values))
        .then()
        .statusCode(200)
        .extract()
        .path("entry[0].resource.focus[0].reference");
  }

  private static void assertRefused(Response response, int status, String issue, String code) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    JsonPath outcome = response.jsonPath();
    assertThat(outcome.getString("resourceType")).isEqualTo("OperationOutcome");
    assertThat(outcome.getString("issue[0].code")).isEqualTo(issue);
    assertThat(
            outcome.getString(
                "issue[0].details.coding.find { it.system == '" + ERROR_CODES + "' }.code"))
        .isEqualTo(code);
    assertThat(outcome.getString("issue[0].diagnostics")).isNotBlank();
  }

  private int stored(String type, String patientId) {
    return searchTotal("gp", type, "patient", "Patient/" + patientId);
  }

  @Test
  void aReferralMessageBecomesARoutedTrackedReferralAndIsAnsweredWithAResponseMessage() {
    Person person = person(PRACTICE);
    Map<String, Object> values = newReferral(person);

    Response response = send(message(values));

    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    JsonPath answer = response.jsonPath();
    assertThat(answer.getString("resourceType")).isEqualTo("Bundle");
    assertThat(answer.getString("type")).isEqualTo("message");
    assertThat(answer.getString("entry[0].resource.resourceType")).isEqualTo("MessageHeader");
    assertThat(answer.getString("entry[0].resource.eventCoding.code"))
        .isEqualTo("servicerequest-response");
    assertThat(answer.getString("entry[0].resource.response.identifier"))
        .isEqualTo(values.get("messageId"));
    assertThat(answer.getString("entry[0].resource.response.code")).isEqualTo("ok");
    assertThat(answer.getString("entry[0].resource.destination[0].endpoint"))
        .isEqualTo("https://gp-system.example/bars/Z99101");
    String referral = answer.getString("entry[0].resource.focus[0].reference");
    assertThat(referral).startsWith("ServiceRequest/");
    String referralId = id(referral);

    // The referral joined the patient Carepath holds (matched on the NHS number, none created) and
    // was routed to the community trust, its Task carrying the e-RS UBRN.
    assertThat(answer.getString("entry[1].resource.subject.reference"))
        .isEqualTo("Patient/" + person.id());
    assertThat(searchTotal("gp", "Patient", "identifier", NHS_NUMBER + "|" + person.nhsNumber()))
        .isEqualTo(1);
    Map<String, Object> task = trackingTask(referralId);
    assertThat(path(task, "owner.reference")).isEqualTo(COMMUNITY_TRUST);
    assertThat(path(task, "requester.reference")).isEqualTo(PRACTICE);
    assertThat(task.toString()).contains(String.valueOf(values.get("ubrn")));
    assertThat(answer.getList("entry.resource.resourceType")).contains("Task");
    assertThat(searchTotal("gp", "ServiceRequest", "identifier", UBRN + "|" + values.get("ubrn")))
        .isEqualTo(1);
    assertThat(searchTotal("gp", "Task", "identifier", UBRN + "|" + values.get("ubrn")))
        .isEqualTo(1);
    assertThat(searchTotal("community-nurse", "Task", "owner", COMMUNITY_TRUST, "focus", referral))
        .isEqualTo(1);

    // The clinical entries are stored with it; the sender's directory entries are not.
    assertThat(stored("Flag", person.id())).isEqualTo(1);
    assertThat(stored("Encounter", person.id())).isEqualTo(1);
    assertThat(stored("Consent", person.id())).isEqualTo(1);
    assertThat(
            searchTotal(
                "gp",
                "Organization",
                "identifier",
                "https://fhir.nhs.uk/Id/ods-organization-code|Z99101"))
        .isEqualTo(1);
    JsonPath stored = read("gp", "/" + referral);
    assertThat(stored.getString("requester.display")).isEqualTo("Dr Asha Rahman");
    assertThat(stored.getString("requester.identifier.value")).isEqualTo("100000000101");
    assertThat(stored.getString("encounter.reference")).startsWith("Encounter/");
    assertThat(stored.getList("category.coding.code").toString()).contains("3457005");
    // What the message stored is audited as the GP system's creates, on the patient's report.
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                as("gp")
                    .get("/Patient/" + person.id() + "/$access-report")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList(
                        "entry.resource.findAll { it.action == 'C' }.agent.flatten()"
                            + ".findAll { it.requestor == true }.who.identifier.value",
                        String.class)
                    .contains(SENDER));
    // The service reads the referral and what came with it: a permitting Consent is no objection.
    assertThat(as("community-nurse").get("/" + referral).statusCode()).isEqualTo(200);
    assertThat(
            as("community-nurse")
                .get("/" + stored.getString("supportingInfo[0].reference"))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void theSenderIsSentAResponseMessageForEachAnswerOfTheServiceInOrderThroughItsOwnOutage()
      throws Exception {
    try (MessageReceiver sender = new MessageReceiver()) {
      Person person = person(PRACTICE);
      Map<String, Object> values = newReferral(person);
      String correlationId = UUID.randomUUID().toString();
      String referral =
          send(
                  message(
                      values,
                      bundle ->
                          ((ObjectNode) bundle.at("/entry/0/resource/source"))
                              .put("endpoint", sender.endpoint())),
                  correlationId)
              .then()
              .statusCode(200)
              .extract()
              .path("entry[0].resource.focus[0].reference");
      String task = (String) trackingTask(id(referral)).get("id");

      // The sender's system is down for the first two tries of the acceptance.
      sender.refuseNext(2);
      assertThat(change("community-nurse", task, "received", null, null)).isEqualTo(200);
      assertThat(change("community-nurse", task, "accepted", null, null)).isEqualTo(200);
      assertThat(change("community-nurse", task, "in-progress", null, null)).isEqualTo(200);
      assertThat(change("community-nurse", task, "completed", null, null)).isEqualTo(200);

      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sender.received().size() >= 3);
      assertThat(sender.refused()).isEqualTo(2);
      // One response per answer the sender is told of ("received" is not one), in order, each a
      // BaRS response message to the sender's message, as the referral then stood.
      assertThat(sender.received())
          .extracting(r -> r.message().at("/entry/2/resource/status").asText())
          .containsExactly("accepted", "in-progress", "completed");
      for (MessageReceiver.Received reply : sender.received()) {
        JsonNode header = reply.message().at("/entry/0/resource");
        assertThat(reply.message().path("type").asText()).isEqualTo("message");
        assertThat(header.path("resourceType").asText()).isEqualTo("MessageHeader");
        assertThat(header.at("/eventCoding/code").asText()).isEqualTo("servicerequest-response");
        assertThat(header.at("/response/identifier").asText()).isEqualTo(values.get("messageId"));
        assertThat(header.at("/response/code").asText()).isEqualTo("ok");
        assertThat(header.at("/destination/0/endpoint").asText()).isEqualTo(sender.endpoint());
        assertThat(header.at("/source/endpoint").asText()).endsWith("/fhir/$process-message");
        assertThat(header.at("/focus/0/reference").asText()).isEqualTo(referral);
        assertThat(reply.message().at("/entry/1/resource/resourceType").asText())
            .isEqualTo("ServiceRequest");
        assertThat(reply.message().at("/entry/2/resource/id").asText()).isEqualTo(task);
        assertThat(reply.correlationId()).isEqualTo(correlationId);
      }
      // Each response disclosed the referral to its sender: audited against the patient, naming
      // the referral it answered, the Task it carried and the sender's organisation.
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  as("privacy-officer")
                          .queryParam("patient", "Patient/" + person.id())
                          .queryParam("subtype", "notification-sent")
                          .queryParam("entity", referral)
                          .get("/AuditEvent")
                          .then()
                          .statusCode(200)
                          .extract()
                          .jsonPath()
                          .getList("entry.resource.agent.flatten().who.reference", String.class)
                          .stream()
                          .filter(PRACTICE::equals)
                          .count()
                      == 3);
    }
  }

  @Test
  void noResponseGoesToAReplyAddressOnAHostTheOperatorHasNotAllowed() throws Exception {
    try (MessageReceiver sender = new MessageReceiver()) {
      Person person = person(PRACTICE);
      // The same receiver, named by a host name that is not in carepath.referral.replies.hosts.
      String elsewhere = sender.endpoint().replace("127.0.0.1", "127.0.0.1.nip.io");
      String referral =
          send(message(
                  newReferral(person),
                  bundle ->
                      ((ObjectNode) bundle.at("/entry/0/resource/source"))
                          .put("endpoint", elsewhere)))
              .then()
              .statusCode(200)
              .extract()
              .path("entry[0].resource.focus[0].reference");
      String task = (String) trackingTask(id(referral)).get("id");
      assertThat(change("community-nurse", task, "accepted", null, null)).isEqualTo(200);

      assertThat(
              new JdbcTemplate(dataSource)
                  .queryForObject(
                      "select count(*) from cp_referral_reply where referral_id = ?",
                      Integer.class,
                      id(referral)))
          .isZero();
      Thread.sleep(2_000);
      assertThat(sender.received()).isEmpty();
    }
  }

  @Test
  void aMessageSentAgainStoresNothingAndIsAnsweredAsADuplicate() {
    Person person = person(PRACTICE);
    Map<String, Object> values = newReferral(person);
    String body = message(values);
    String referral =
        send(body).then().statusCode(200).extract().path("entry[0].resource.focus[0].reference");

    Response again = send(body);
    assertRefused(again, 409, "duplicate", "REC_CONFLICT");
    assertThat(again.jsonPath().getString("issue[0].diagnostics")).contains(referral);

    // Another message carrying the same referral is a duplicate of the referral.
    values.put("messageId", UUID.randomUUID().toString());
    Response sameReferral = send(message(values));
    assertRefused(sameReferral, 409, "duplicate", "REC_CONFLICT");
    assertThat(sameReferral.jsonPath().getString("issue[0].diagnostics")).contains(referral);

    assertThat(
            searchTotal(
                "gp", "ServiceRequest", "identifier", REFERRAL_NUMBER + "|" + values.get("number")))
        .isEqualTo(1);
    assertThat(stored("Flag", person.id())).isEqualTo(1);
    assertThat(tasksOf(id(referral))).hasSize(1);
  }

  @Test
  void copiesOfOneMessageSentTogetherStoreOneReferral() throws Exception {
    Person person = person(PRACTICE);
    String body = message(newReferral(person));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> sends = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        sends.add(() -> send(body).statusCode());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> status : pool.invokeAll(sends)) {
        statuses.add(status.get());
      }
      assertThat(statuses).containsOnly(200, 409);
      assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(stored("ServiceRequest", person.id())).isEqualTo(1);
    assertThat(stored("Flag", person.id())).isEqualTo(1);
  }

  @Test
  void aReferralWithoutItsMinimumDataSetIsAnsweredWithAnOperationOutcomeAndNothingIsStored() {
    Person person = person(PRACTICE);
    Map<String, Object> values = newReferral(person);

    Response refused =
        send(
            message(
                values,
                bundle -> ((ObjectNode) bundle.at("/entry/1/resource")).remove("reasonCode")));

    assertRefused(refused, 422, "processing", "REC_UNPROCESSABLE_ENTITY");
    assertThat(refused.asString()).contains("reasonCode");
    assertThat(stored("ServiceRequest", person.id())).isZero();
    assertThat(stored("Flag", person.id())).isZero();
    assertThat(stored("Encounter", person.id())).isZero();
    // The refused message was not recorded: sent again complete, it is taken in.
    send(message(values)).then().statusCode(200);
    assertThat(stored("ServiceRequest", person.id())).isEqualTo(1);
  }

  @Test
  void aValidationRequestIsTakenInAsAReferral() {
    Person person = person(PRACTICE);
    Map<String, Object> values = newReferral(person);
    values.put("kind", "validation");
    String referral = referred(values);
    assertThat(path(trackingTask(id(referral)), "owner.reference")).isEqualTo(COMMUNITY_TRUST);
  }

  @Test
  void anUpdateThatRevokesTheReferralWithdrawsItAndCancelsItsTask() {
    Person person = person(PRACTICE);
    Map<String, Object> values = newReferral(person);
    String referral = referred(values);

    values.put("messageId", UUID.randomUUID().toString());
    values.put("reason", "update");
    values.put("status", "revoked");
    Response withdrawn = send(message(values));

    assertThat(withdrawn.statusCode()).as(withdrawn.asString()).isEqualTo(200);
    assertThat(withdrawn.jsonPath().getString("entry[0].resource.focus[0].reference"))
        .isEqualTo(referral);
    assertThat(read("gp", "/" + referral).getString("status")).isEqualTo("revoked");
    assertThat(trackingTask(id(referral)).get("status")).isEqualTo("cancelled");
    assertThat(stored("Flag", person.id())).isEqualTo(1);

    // A withdrawal of a referral Carepath never received.
    Map<String, Object> unknown = newReferral(person);
    unknown.put("reason", "update");
    unknown.put("status", "revoked");
    assertRefused(send(message(unknown)), 404, "not-found", "REC_NOT_FOUND");
  }

  @Test
  void workflowsCarepathDoesNotTakeAreRefusedWithTheStandardsErrorsAndStoreNothing() {
    Person person = person(PRACTICE);

    // Workflows the standard has and Carepath does not take, or combinations naming none.
    record Case(String key, String value, int status, String issue, String code) {}
    for (Case refused :
        List.of(
            new Case("event", "booking-request", 422, "not-supported", "REC_UNPROCESSABLE_ENTITY"),
            new Case("event", "servicerequest-response", 404, "not-found", "REC_NOT_FOUND"),
            new Case("reason", "cancel", 400, "invariant", "REC_BAD_REQUEST"),
            new Case("status", "draft", 400, "invariant", "REC_BAD_REQUEST"))) {
      Map<String, Object> values = newReferral(person);
      values.put(refused.key(), refused.value());
      assertRefused(send(message(values)), refused.status(), refused.issue(), refused.code());
    }

    // Not a message at all: not a message Bundle, its header not first, no message id.
    List<Consumer<ObjectNode>> malformed =
        List.of(
            bundle -> bundle.put("type", "collection"),
            bundle -> {
              ArrayNode entries = (ArrayNode) bundle.get("entry");
              entries.add(entries.remove(0));
            },
            bundle -> bundle.remove("id"));
    for (Consumer<ObjectNode> change : malformed) {
      assertRefused(
          send(message(newReferral(person), change)), 400, "structure", "REC_BAD_REQUEST");
    }

    assertThat(stored("ServiceRequest", person.id())).isZero();
    assertThat(stored("Flag", person.id())).isZero();
  }

  @Test
  void aSenderCannotReferAPatientItHasNoRelationshipWith() {
    Person elsewhere = person("Organization/demo-practice-2");
    Response refused = send(message(newReferral(elsewhere)));
    assertRefused(refused, 403, "forbidden", "REC_FORBIDDEN");
    assertThat(searchTotal("gp-moorland", "ServiceRequest", "patient", "Patient/" + elsewhere.id()))
        .isZero();
    assertThat(searchTotal("gp-moorland", "Flag", "patient", "Patient/" + elsewhere.id())).isZero();
    assertThat(
            searchTotal(
                "gp-moorland", "Patient", "identifier", NHS_NUMBER + "|" + elsewhere.nhsNumber()))
        .isEqualTo(1);
  }

  @Test
  void aCorrelationIdThatIsNotAUuidIsRefused() {
    Person person = person(PRACTICE);
    Response refused =
        asSystem(SENDER)
            .header("X-Correlation-ID", "not-a-uuid")
            .body(message(newReferral(person)))
            .post("/$process-message");
    assertRefused(refused, 400, "invalid", "REC_BAD_REQUEST");
    assertThat(stored("ServiceRequest", person.id())).isZero();
  }
}
