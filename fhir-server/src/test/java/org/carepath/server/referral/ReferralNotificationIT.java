package org.carepath.server.referral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Referrers learn of every change through a standard rest-hook Subscription, received here by a
 * real HTTP server on loopback: once per change, in order, and after the receiver was down.
 */
class ReferralNotificationIT extends ReferralCalls {

  /** What the receiver got: "taskId/version", in arrival order. */
  private final List<String> received = new CopyOnWriteArrayList<>();

  private final AtomicInteger refuseNext = new AtomicInteger();
  private HttpServer receiver;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          int status = 200;
          if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 503;
          } else if (body.length > 0) {
            JsonNode task = JSON.readTree(new String(body, StandardCharsets.UTF_8));
            received.add(
                task.path("id").asText() + "/" + task.path("meta").path("versionId").asText());
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  @Test
  void everyChangeIsDeliveredOnceAndInOrder() throws InterruptedException {
    subscribe();
    String task = newReferralTask();
    assertThat(change("community-nurse", task, "received", null, null)).isEqualTo(200);
    assertThat(change("community-nurse", task, "accepted", null, null)).isEqualTo(200);

    List<String> mine = deliveredFor(task, 3);
    assertThat(mine).containsExactly(task + "/1", task + "/2", task + "/3");
    Thread.sleep(2000);
    assertThat(deliveredFor(task, 3)).hasSize(3);
  }

  @Test
  void aReceiverThatWasDownGetsEveryChangeWhenItIsBack() throws InterruptedException {
    subscribe();
    refuseNext.set(2);
    String task = newReferralTask();
    assertThat(change("community-nurse", task, "received", null, null)).isEqualTo(200);

    List<String> mine = deliveredFor(task, 2);
    assertThat(mine).containsExactly(task + "/1", task + "/2");
    assertThat(refuseNext.get()).isZero();
  }

  @Test
  void subscriptionsAreLimitedToTheCallersOwnOrganisation() {
    as("gp")
        .body(subscription("Task?requester=Organization/demo-practice-2", "rest-hook"))
        .post("/Subscription")
        .then()
        .statusCode(403);
    as("gp")
        .body(subscription("Task?requester=Organization/demo-practice-1", "email"))
        .post("/Subscription")
        .then()
        .statusCode(422);
    as("gp")
        .body(subscription("Patient?name=x", "rest-hook"))
        .post("/Subscription")
        .then()
        .statusCode(422);
  }

  private void subscribe() {
    as("gp")
        .body(subscription("Task?requester=" + PRACTICE, "rest-hook"))
        .post("/Subscription")
        .then()
        .statusCode(201)
        .body("status", org.hamcrest.Matchers.equalTo("active"));
  }

  private String subscription(String criteria, String type) {
    return "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"Our referrals\","
        + "\"criteria\":\""
        + criteria
        + "\",\"channel\":{\"type\":\""
        + type
        + "\",\"endpoint\":\"http://127.0.0.1:"
        + receiver.getAddress().getPort()
        + "/hook\",\"payload\":\"application/fhir+json\"}}";
  }

  private String newReferralTask() {
    String id =
        refer(
            referral(
                unique("REF"),
                "Patient/" + patient(PRACTICE),
                "community-respiratory",
                "routine",
                null));
    return (String) trackingTask(id).get("id");
  }

  private List<String> deliveredFor(String task, int expected) throws InterruptedException {
    return eventually(
        () -> received.stream().filter(r -> r.startsWith(task + "/")).toList(),
        list -> list.size() >= expected,
        Duration.ofSeconds(45));
  }
}
