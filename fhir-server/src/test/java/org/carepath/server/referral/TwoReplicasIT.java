package org.carepath.server.referral;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carepath.server.security.DevIssuer;
import org.carepath.server.support.ServerInstances;
import org.carepath.server.support.ServerTestSupport;
import org.carepath.server.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two replicas of the server on one PostgreSQL, called round robin as a load balancer would (the
 * short version of the fault suite's replica case): the same referral sent to both at once is
 * stored once with one tracking Task, a Subscription made on one replica is notified once of a
 * change made on the other, and a client's rate limit counts its requests to both (429 with
 * Retry-After from either once the shared bucket is empty, others served meanwhile). Each replica
 * runs its own development issuer here, so each is called with its own tokens; in production both
 * trust one issuer.
 */
class TwoReplicasIT {

  @Test
  void referralsSentToBothReplicasAtOnceAreStoredOnceAndNotifiedOnce() throws Exception {
    Path dataDir = ServerTestSupport.freshDataDir();
    try (HookReceiver receiver = new HookReceiver();
        ConfigurableApplicationContext first =
            ServerInstances.start(
                dataDir,
                "--carepath.demo.enabled=true",
                "--carepath.demo.patients=0",
                NOISY_RATE,
                NOISY_BURST);
        ConfigurableApplicationContext second =
            ServerInstances.start(
                ServerTestSupport.freshDataDir(),
                "--carepath.demo.enabled=true",
                "--carepath.demo.patients=0",
                NOISY_RATE,
                NOISY_BURST,
                "--spring.datasource.url=" + jdbcUrl(first),
                "--spring.datasource.username=postgres")) {
      List<ConfigurableApplicationContext> replicas = List.of(first, second);
      List<String> gpTokens =
          List.of(ServerInstances.token(first, "gp"), ServerInstances.token(second, "gp"));

      // A Subscription made on the first replica.
      post(
          first,
          gpTokens.get(0),
          "/Subscription",
          receiver.subscription("Task?requester=" + ReferralCalls.PRACTICE, "rest-hook"));
      String patient =
          post(
              second,
              gpTokens.get(1),
              "/Patient",
              "{\"resourceType\":\"Patient\",\"birthDate\":\"1950-06-06\",\"generalPractitioner\""
                  + ":[{\"reference\":\""
                  + ReferralCalls.PRACTICE
                  + "\"}]}");
      String number = "REF-replicas-" + Instant.now().toEpochMilli();
      String referral =
          ReferralCalls.referral(
              number, "Patient/" + patient, "community-respiratory", "routine", null);

      // Eight copies, round robin over the replicas, all at once.
      ExecutorService pool = Executors.newFixedThreadPool(8);
      Set<String> ids = new HashSet<>();
      List<Integer> statuses = new ArrayList<>();
      try {
        List<Callable<Response>> sends = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          int replica = i % 2;
          sends.add(
              () ->
                  given()
                      .baseUri(ServerInstances.fhirBase(replicas.get(replica)))
                      .auth()
                      .oauth2(gpTokens.get(replica))
                      .contentType("application/fhir+json")
                      .body(referral)
                      .post("/ServiceRequest"));
        }
        for (Future<Response> sent : pool.invokeAll(sends)) {
          Response response = sent.get();
          statuses.add(response.statusCode());
          ids.add(response.jsonPath().getString("id"));
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(statuses).containsOnly(200, 201);
      assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
      assertThat(ids).hasSize(1);
      String id = ids.iterator().next();
      for (int replica = 0; replica < 2; replica++) {
        List<Object> found =
            given()
                .baseUri(ServerInstances.fhirBase(replicas.get(replica)))
                .auth()
                .oauth2(gpTokens.get(replica))
                .queryParam("identifier", ReferralCalls.REFERRAL_NUMBER + "|" + number)
                .get("/ServiceRequest")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entry");
        assertThat(found).hasSize(1);
        List<Object> tasks =
            given()
                .baseUri(ServerInstances.fhirBase(replicas.get(replica)))
                .auth()
                .oauth2(gpTokens.get(replica))
                .queryParam("focus", "ServiceRequest/" + id)
                .get("/Task")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entry");
        assertThat(tasks).hasSize(1);
      }

      // The tracking Task's creation is notified once, whichever replica delivers it.
      String task = "referral-" + id;
      List<String> got =
          ReferralCalls.eventually(
              () -> receiver.receivedFor(task), list -> !list.isEmpty(), Duration.ofSeconds(60));
      Thread.sleep(3000);
      assertThat(receiver.receivedFor(task)).containsExactly(task + "/1");
      assertThat(got).containsExactly(task + "/1");

      aClientsRateLimitCountsItsRequestsToBothReplicas(replicas);
    }
  }

  /** The GP system's own limit on both replicas: a bucket of 6, refilled at 1 a second. */
  private static final String NOISY_RATE =
      "--carepath.fhir.rate-limit.clients.gp-system.per-second=1";

  private static final String NOISY_BURST = "--carepath.fhir.rate-limit.clients.gp-system.burst=6";

  /**
   * Twelve requests of one GP system, round robin: with a bucket per replica all twelve would be
   * served (six each); the shared bucket serves about six and both replicas refuse the rest.
   */
  private static void aClientsRateLimitCountsItsRequestsToBothReplicas(
      List<ConfigurableApplicationContext> replicas) throws InterruptedException {
    List<String> tokens =
        replicas.stream()
            .map(
                replica ->
                    Tokens.clientCredentials(
                        replica.getBean(DevIssuer.class).tokenEndpoint(), "gp-system"))
            .toList();
    int[] served = new int[2];
    int[] refused = new int[2];
    Response refusal = null;
    for (int i = 0; i < 12; i++) {
      int replica = i % 2;
      Response answer =
          given()
              .baseUri(ServerInstances.fhirBase(replicas.get(replica)))
              .auth()
              .oauth2(tokens.get(replica))
              .get("/Organization?_count=1");
      assertThat(answer.statusCode()).isIn(200, 429);
      if (answer.statusCode() == 200) {
        served[replica]++;
      } else {
        refused[replica]++;
        refusal = answer;
      }
    }
    assertThat(served[0] + served[1])
        .as("one shared bucket of 6 (and a refill or two)")
        .isLessThan(10);
    assertThat(refused[0]).as("refused by the first replica").isPositive();
    assertThat(refused[1]).as("refused by the second replica").isPositive();
    int retryAfter = Integer.parseInt(refusal.header("Retry-After"));
    assertThat(retryAfter).isBetween(1, 2);
    assertThat(refusal.jsonPath().getString("issue[0].code")).isEqualTo("throttled");

    // Another client is not held up by the first, on either replica.
    for (ConfigurableApplicationContext replica : replicas) {
      given()
          .baseUri(ServerInstances.fhirBase(replica))
          .auth()
          .oauth2(ServerInstances.token(replica, "gp"))
          .get("/Organization?_count=1")
          .then()
          .statusCode(200);
    }
    // Served again after the wait. Retry-After is what the answering replica knew; the other's
    // unsynchronised requests (at most a write-back's worth) can add a second or two.
    Thread.sleep(retryAfter * 1000L + 200);
    int status = 429;
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (status == 429 && System.nanoTime() < deadline) {
      status =
          given()
              .baseUri(ServerInstances.fhirBase(replicas.get(0)))
              .auth()
              .oauth2(tokens.get(0))
              .get("/Organization?_count=1")
              .statusCode();
      if (status == 429) {
        Thread.sleep(500);
      }
    }
    assertThat(status).as("served again within 5 s of the wait").isEqualTo(200);
    // The metadata needs no token and counts against no one.
    given()
        .baseUri(ServerInstances.fhirBase(replicas.get(1)))
        .get("/metadata")
        .then()
        .statusCode(200);
  }

  private static String jdbcUrl(ConfigurableApplicationContext server) {
    return server
        .getBean(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.class)
        .getJdbcUrl("postgres", "carepath");
  }

  private static String post(
      ConfigurableApplicationContext server, String token, String path, String body) {
    return ServerInstances.create(server, token, path, body);
  }
}
