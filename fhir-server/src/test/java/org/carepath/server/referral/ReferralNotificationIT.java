package org.carepath.server.referral;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Referrers learn of every change through a standard rest-hook Subscription, received here by a
 * real HTTP server on loopback: once per change, in order, and after the receiver was down.
 */
class ReferralNotificationIT extends ReferralCalls {

  private HookReceiver receiver;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = new HookReceiver();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void everyChangeIsDeliveredOnceAndInOrder() throws InterruptedException {
    subscribe();
    String task = newReferralTask();
    assertThat(change("community-nurse", task, "received", null, null)).isEqualTo(200);
    assertThat(change("community-nurse", task, "accepted", null, null)).isEqualTo(200);

    List<String> mine = deliveredFor(task, 3);
    assertThat(mine).containsExactly(task + "/1", task + "/2", task + "/3");
    assertThat(receiver.authorizations()).contains("Bearer hook-secret");
    Thread.sleep(2000);
    assertThat(receiver.receivedFor(task)).hasSize(3);
  }

  @Test
  void aReceiverThatWasDownGetsEveryChangeWhenItIsBack() throws InterruptedException {
    subscribe();
    receiver.refuseNext(2);
    String task = newReferralTask();
    assertThat(change("community-nurse", task, "received", null, null)).isEqualTo(200);

    List<String> mine = deliveredFor(task, 2);
    assertThat(mine).containsExactly(task + "/1", task + "/2");
    assertThat(receiver.refusalsLeft()).isZero();
  }

  @Test
  void subscriptionsAreLimitedToTheCallersOwnOrganisation() {
    as("gp")
        .body(receiver.subscription("Task?requester=Organization/demo-practice-2", "rest-hook"))
        .post("/Subscription")
        .then()
        .statusCode(403);
    as("gp")
        .body(receiver.subscription("Task?requester=Organization/demo-practice-1", "email"))
        .post("/Subscription")
        .then()
        .statusCode(422);
    as("gp")
        .body(receiver.subscription("Patient?name=x", "rest-hook"))
        .post("/Subscription")
        .then()
        .statusCode(422);
    // Only to the hosts the operator allows (carepath.subscription.allowed-hosts).
    as("gp")
        .body(
            receiver
                .subscription("Task?requester=" + PRACTICE, "rest-hook")
                .replace(receiver.endpoint(), "http://169.254.169.254/latest/meta-data"))
        .post("/Subscription")
        .then()
        .statusCode(422)
        .body(
            "issue[0].diagnostics",
            org.hamcrest.Matchers.containsString("carepath.subscription.allowed-hosts"));
  }

  @Test
  void onlyItsOwnOrganisationChangesASubscription() {
    String practices =
        as("gp")
            .body(receiver.subscription("Task?requester=" + PRACTICE, "rest-hook"))
            .post("/Subscription")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    // The community trust may subscribe to its own work...
    as("community-nurse")
        .body(receiver.subscription("Task?owner=" + COMMUNITY_TRUST, "rest-hook"))
        .post("/Subscription")
        .then()
        .statusCode(201);
    // ...but not take over the practice's Subscription, even with criteria of its own.
    as("community-nurse")
        .body(
            receiver
                .subscription("Task?owner=" + COMMUNITY_TRUST, "rest-hook")
                .replace(
                    "{\"resourceType\":\"Subscription\",",
                    "{\"resourceType\":\"Subscription\",\"id\":\"" + practices + "\","))
        .put("/Subscription/" + practices)
        .then()
        .statusCode(403);
    // Nobody deletes (records are corrected, not deleted).
    as("community-nurse").delete("/Subscription/" + practices).then().statusCode(403);
    as("gp")
        .get("/Subscription/" + practices)
        .then()
        .statusCode(200)
        .body("criteria", org.hamcrest.Matchers.equalTo("Task?requester=" + PRACTICE));
  }

  @Test
  void aSubscriptionPastItsEndNotifiesNothingAndIsTurnedOff() throws InterruptedException {
    String ended =
        as("gp")
            .body(
                receiver
                    .subscription("Task?requester=" + PRACTICE, "rest-hook")
                    .replace(
                        "\"reason\":",
                        "\"end\":\"" + java.time.Instant.now().minusSeconds(60) + "\",\"reason\":"))
            .post("/Subscription")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String task = newReferralTask();
    assertThat(change("community-nurse", task, "received", null, null)).isEqualTo(200);
    Thread.sleep(3000);
    assertThat(receiver.receivedFor(task)).isEmpty();
    assertThat(
            eventually(
                () -> read("gp", "/Subscription/" + ended).getString("status"),
                "off"::equals,
                Duration.ofSeconds(30)))
        .isEqualTo("off");
  }

  @Test
  void referralsSentTogetherAreEachStoredAndNotifiedOnce() throws Exception {
    subscribe();
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      bodies.add(respiratoryReferral());
    }
    // Their commits all schedule the one subscription's delivery: none may fail for it. (The race
    // the benchmark found also needs a delivery finishing at that instant; this is the common
    // case.)
    ExecutorService senders = Executors.newFixedThreadPool(bodies.size());
    try {
      List<Future<Response>> sent = new ArrayList<>();
      for (String body : bodies) {
        sent.add(senders.submit(() -> as("gp").body(body).post("/ServiceRequest")));
      }
      for (Future<Response> response : sent) {
        Response answer = response.get();
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(201);
        String task = (String) trackingTask(answer.path("id")).get("id");
        assertThat(deliveredFor(task, 1)).containsExactly(task + "/1");
      }
    } finally {
      senders.shutdown();
    }
  }

  @Test
  void whatTheSubscriberMayNotSeeWhenItIsDeliveredIsWithheld() throws InterruptedException {
    as("community-nurse")
        .body(receiver.subscription("Task?owner=" + COMMUNITY_TRUST, "rest-hook"))
        .post("/Subscription")
        .then()
        .statusCode(201);
    String patient = "Patient/" + newPatient("1944-02-02", "Withheld", PRACTICE);
    var sealed =
        org.carepath.server.support.JsonFixture.tree(
            "/access/task.json",
            java.util.Map.of("patient", patient, "requester", PRACTICE, "owner", COMMUNITY_TRUST));
    sealed
        .putObject("meta")
        .putArray("security")
        .addObject()
        .put("system", "https://fhir.carepath.org/CodeSystem/sharing")
        .put("code", "sealed");
    // The practice's sealed Task names the community trust, which may still not see it; the
    // shared one after it is delivered, so the sealed one has had its turn by then.
    String withheld = created("gp", "Task", sealed.toString());
    String shared =
        created(
            "gp",
            "Task",
            org.carepath.server.support.JsonFixture.of(
                "/access/task.json",
                java.util.Map.of(
                    "patient", patient, "requester", PRACTICE, "owner", COMMUNITY_TRUST)));

    assertThat(deliveredFor(shared, 1)).containsExactly(shared + "/1");
    Thread.sleep(1000);
    assertThat(receiver.receivedFor(withheld)).isEmpty();

    // Both are in the patient's audit: the notification sent to the trust, and the one withheld
    // from it with the reason.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(
            () -> {
              String events =
                  as("privacy-officer")
                      .queryParam("patient", patient)
                      .queryParam("_count", 100)
                      .get("/AuditEvent")
                      .then()
                      .statusCode(200)
                      .extract()
                      .asString();
              return events.contains("notification-sent")
                  && events.contains("\"Task/" + shared + "\"")
                  && events.contains("\"Task/" + withheld + "\"")
                  && events.contains("\"" + COMMUNITY_TRUST + "\"");
            });
    var sentEvent =
        as("privacy-officer")
            .queryParam("patient", patient)
            .queryParam("subtype", "notification-sent")
            .get("/AuditEvent")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(sentEvent.getList("entry.resource.entity.flatten().what.reference", String.class))
        .contains("Task/" + shared)
        .doesNotContain("Task/" + withheld);
    var withheldEvent =
        as("privacy-officer")
            .queryParam("patient", patient)
            .queryParam("subtype", "denied")
            .queryParam("entity", "Task/" + withheld)
            .get("/AuditEvent")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(withheldEvent.getString("entry[0].resource.outcome")).isEqualTo("4");
    assertThat(withheldEvent.getList("entry[0].resource.agent.who.reference", String.class))
        .contains(COMMUNITY_TRUST);
  }

  private void subscribe() {
    String id =
        as("gp")
            .body(receiver.subscription("Task?requester=" + PRACTICE, "rest-hook"))
            .post("/Subscription")
            .then()
            .statusCode(201)
            .body("status", org.hamcrest.Matchers.equalTo("active"))
            .body("channel.header", org.hamcrest.Matchers.nullValue())
            .extract()
            .path("id");
    // The subscriber's credentials are used for deliveries, never shown to anyone.
    as("care-coordinator")
        .get("/Subscription/" + id)
        .then()
        .statusCode(200)
        .body("channel.endpoint", org.hamcrest.Matchers.equalTo(receiver.endpoint()))
        .body("channel.header", org.hamcrest.Matchers.nullValue());
  }

  private String newReferralTask() {
    String id = refer(respiratoryReferral());
    return (String) trackingTask(id).get("id");
  }

  private List<String> deliveredFor(String task, int expected) throws InterruptedException {
    return eventually(
        () -> receiver.receivedFor(task), list -> list.size() >= expected, Duration.ofSeconds(45));
  }
}
