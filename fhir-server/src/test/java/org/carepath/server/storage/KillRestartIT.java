package org.carepath.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.carepath.server.support.ServerProcess;
import org.carepath.server.support.ServerTestSupport;
import org.carepath.server.support.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The server killed as a crash kills it ({@code kill -9}) in the middle of a load of GP-system
 * writes, then started again (the short version of the fault suite's first case): the writers retry
 * whatever was not acknowledged, as a GP system does after a timeout, with conditional creates on
 * their own identifiers. Afterwards every write is stored exactly once — none acknowledged and
 * lost, none retried and doubled. Then the same server is killed again halfway through a population
 * run, which completes after the restart, and with a pathway step's clock due while it is dead,
 * which fires once after the restart.
 */
class KillRestartIT {

  private static final String IDENTIFIER = "https://fhir.carepath.org/Id/kill-restart-test";
  private static final int WRITERS = 4;
  private static final int WRITES_EACH = 20;
  private static final int PATIENTS = 40;
  private static final java.util.regex.Pattern PROGRESS =
      java.util.regex.Pattern.compile("(\\d+) of (\\d+) patients");

  @Test
  void everyAcknowledgedOrRetriedWriteIsStoredOnceAndAPopulationRunCompletesAfterKills()
      throws Exception {
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(ServerTestSupport.freshDataDir().resolve("postgres"))
            .setCleanDataDirectory(true)
            .setServerConfig("max_connections", "100")
            .start()) {
      try (Connection admin = postgres.getPostgresDatabase().getConnection();
          Statement create = admin.createStatement()) {
        create.execute("create database carepath");
      }
      try (ServerProcess server =
          ServerProcess.start(
              "kill-restart-it",
              postgres.getJdbcUrl("postgres", "carepath"),
              // One patient per population chunk, so that the second kill lands between many
              // chunks; a dead replica's claims are found after a few missed one-second heartbeats.
              "--carepath.risk.population.chunk-size=1",
              "--carepath.scheduling.heartbeat-interval=1s")) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        AtomicReference<String> token =
            new AtomicReference<>(Tokens.passwordGrant(server.tokenEndpoint(), "gp"));
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          writers.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < WRITES_EACH; i++) {
                      String id = UUID.randomUUID().toString();
                      sent.add(id);
                      writeUntilAcknowledged(http, server, token, id, retried);
                      acknowledged.incrementAndGet();
                    }
                    return null;
                  }));
        }
        // Kill it once about a third of the writes are acknowledged, mid-load.
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (acknowledged.get() < WRITERS * WRITES_EACH / 3 && Instant.now().isBefore(deadline)) {
          Thread.sleep(20);
        }
        int beforeKill = acknowledged.get();
        server.kill();
        server.restart();
        for (Future<?> writer : writers) {
          writer.get();
        }
        pool.shutdown();

        assertThat(beforeKill).isBetween(1, WRITERS * WRITES_EACH - 1);
        assertThat(retried.get()).as("writes retried across the kill").isPositive();
        assertThat(acknowledged.get()).isEqualTo(WRITERS * WRITES_EACH);
        token.set(Tokens.passwordGrant(server.tokenEndpoint(), "gp"));
        List<String> missingOrDoubled = new ArrayList<>();
        for (String id : sent) {
          int found = count(http, server, token.get(), id);
          if (found != 1) {
            missingOrDoubled.add(id + "=" + found);
          }
        }
        assertThat(missingOrDoubled).isEmpty();

        aPopulationRunAndAClockDueWhileKilledCompleteAfterARestart(server, http, postgres);
      }
    }
  }

  /** A GP system's write: conditional on its identifier, retried until acknowledged. */
  private static void writeUntilAcknowledged(
      HttpClient http,
      ServerProcess server,
      AtomicReference<String> token,
      String id,
      AtomicInteger retried)
      throws InterruptedException {
    String body =
        "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\""
            + IDENTIFIER
            + "\",\"value\":\""
            + id
            + "\"}],\"birthDate\":\"1950-01-01\",\"generalPractitioner\":[{\"reference\":"
            + "\"Organization/demo-practice-1\"}]}";
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(4));
    boolean first = true;
    while (Instant.now().isBefore(giveUp)) {
      if (!first) {
        retried.incrementAndGet();
        Thread.sleep(200);
      }
      first = false;
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(server.fhirBase() + "/Patient"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token.get())
                    .header("Content-Type", "application/fhir+json")
                    .header("If-None-Exist", "identifier=" + IDENTIFIER + "|" + id)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 || response.statusCode() == 201) {
          return;
        }
        if (response.statusCode() == 401) {
          // The restarted server's development issuer signs with new keys: sign in again.
          token.set(Tokens.passwordGrant(server.tokenEndpoint(), "gp"));
        }
      } catch (java.io.IOException | RuntimeException down) {
        // Refused or cut off while the server is down or restarting: retry.
      }
    }
    throw new IllegalStateException("A write was never acknowledged: " + id);
  }

  private static int count(HttpClient http, ServerProcess server, String token, String id)
      throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.fhirBase() + "/Patient?identifier=" + IDENTIFIER + "%7C" + id))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(response.body())
        .path("entry")
        .size();
  }

  /**
   * A population {@code $stratify} run whose only server is killed halfway: the restarted server
   * takes up the chunks the dead one had claimed or not reached (db-scheduler's dead executions,
   * the chunks' done marks), and the run completes with every listed patient scored in exactly one
   * committed chunk. A pathway step's clock (an execution of the same scheduler) falls due while
   * the server is dead: it fires after the restart, once.
   */
  private static void aPopulationRunAndAClockDueWhileKilledCompleteAfterARestart(
      ServerProcess server, HttpClient http, EmbeddedPostgres postgres) throws Exception {
    String token = Tokens.passwordGrant(server.tokenEndpoint(), "care-coordinator");
    // A practice's patients, posted as a GP system posts them.
    StringBuilder bundle =
        new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    for (int i = 0; i < PATIENTS; i++) {
      bundle
          .append(i == 0 ? "" : ",")
          .append("{\"resource\":{\"resourceType\":\"Patient\",\"birthDate\":\"19")
          .append(30 + i % 40)
          .append("-01-01\",\"generalPractitioner\":[{\"reference\":")
          .append("\"Organization/demo-practice-1\"}]},\"request\":{\"method\":\"POST\",")
          .append("\"url\":\"Patient\"}}");
    }
    HttpResponse<String> loaded =
        http.send(
            HttpRequest.newBuilder(URI.create(server.fhirBase()))
                .header(
                    "Authorization", "Bearer " + Tokens.passwordGrant(server.tokenEndpoint(), "gp"))
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(bundle.append("]}").toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(loaded.statusCode()).isEqualTo(200);
    String gp = Tokens.passwordGrant(server.tokenEndpoint(), "gp");
    // A HOT clinic enrolment whose first step (accept within 2 hours) falls due in 20 seconds.
    Instant due = Instant.now().plusSeconds(20);
    String clocked = hotClinicPatientDueAt(server, http, gp, due);
    HttpResponse<String> accepted =
        http.send(
            HttpRequest.newBuilder(URI.create(server.fhirBase() + "/$stratify"))
                .header("Authorization", "Bearer " + token)
                .header("Prefer", "respond-async")
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Parameters\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).isEqualTo(202);
    String status = accepted.headers().firstValue("Content-Location").orElseThrow();
    String run = status.substring(status.indexOf("run=") + 4);

    // Kill it as soon as some chunks are done and others are not.
    int doneAtKill = -1;
    int total = -1;
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> progress = get(http, status, token);
      assertThat(progress.statusCode()).as("the run still going").isEqualTo(202);
      java.util.regex.Matcher matcher =
          PROGRESS.matcher(progress.headers().firstValue("X-Progress").orElse(""));
      if (matcher.matches() && Integer.parseInt(matcher.group(1)) > 0) {
        doneAtKill = Integer.parseInt(matcher.group(1));
        total = Integer.parseInt(matcher.group(2));
        break;
      }
      Thread.sleep(10);
    }
    assertThat(breachings(http, server, gp, clocked)).as("not yet due").isZero();
    server.kill();
    Instant killed = Instant.now();
    assertThat(doneAtKill).as("killed mid-run").isBetween(1, total - 1);
    assertThat(killed).as("killed before the step fell due").isBefore(due);

    server.restart();
    assertThat(Instant.now()).as("restarted after the step fell due").isAfter(due);
    token = Tokens.passwordGrant(server.tokenEndpoint(), "care-coordinator");
    HttpResponse<String> finished = null;
    deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      finished = get(http, status, token);
      if (finished.statusCode() == 200) {
        break;
      }
      Thread.sleep(250);
    }
    assertThat(finished.statusCode()).as("completed after the restart").isEqualTo(200);
    com.fasterxml.jackson.databind.JsonNode summary =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(finished.body())
            .path("entry")
            .path(0)
            .path("resource");
    int patients = -1;
    for (com.fasterxml.jackson.databind.JsonNode parameter : summary.path("parameter")) {
      if ("patients".equals(parameter.path("name").asText())) {
        patients = parameter.path("valueInteger").asInt();
      }
    }
    assertThat(patients).as("every listed patient counted once").isEqualTo(total);
    assertThat(total)
        .as("the first phase's patients, these and the HOT clinic's")
        .isEqualTo(WRITERS * WRITES_EACH + PATIENTS + 1);

    javax.sql.DataSource carepath = postgres.getDatabase("postgres", "carepath");
    assertThat(
            query(
                carepath,
                "select count(*) from cp_stratify_chunk where run_id = ? and not done",
                run))
        .as("no chunk left behind")
        .isZero();
    assertThat(
            query(
                carepath,
                "select count(distinct p) from cp_stratify_chunk, unnest(patient_ids) p"
                    + " where run_id = ?",
                run))
        .as("each patient in one chunk")
        .isEqualTo(total);

    String gpAgain = Tokens.passwordGrant(server.tokenEndpoint(), "gp");
    Instant waitUntil = Instant.now().plus(Duration.ofSeconds(60));
    while (breachings(http, server, gpAgain, clocked) == 0 && Instant.now().isBefore(waitUntil)) {
      Thread.sleep(250);
    }
    assertThat(breachings(http, server, gpAgain, clocked)).as("the clock fired").isEqualTo(1);
    Thread.sleep(3000);
    assertThat(breachings(http, server, gpAgain, clocked)).as("and only once").isEqualTo(1);
  }

  /**
   * A patient with COPD enrolled on the HOT clinic pathway so that its first step (accept within 2
   * hours of the start) falls due at {@code due}; answers {@code Patient/<id>}.
   */
  private static String hotClinicPatientDueAt(
      ServerProcess server, HttpClient http, String gp, Instant due) throws Exception {
    String patient =
        "Patient/"
            + created(
                http,
                server,
                gp,
                "/Patient",
                "{\"resourceType\":\"Patient\",\"birthDate\":\"1944-04-04\","
                    + "\"generalPractitioner\":[{\"reference\":\"Organization/demo-practice-1\"}]}");
    created(
        http,
        server,
        gp,
        "/Condition",
        org.carepath.server.support.JsonFixture.of(
            "/support/condition.json", java.util.Map.of("snomed", "13645005", "patient", patient)));
    HttpResponse<String> enrolled =
        http.send(
            HttpRequest.newBuilder(URI.create(server.fhirBase() + "/" + patient + "/$enrol"))
                .header("Authorization", "Bearer " + gp)
                .header("Content-Type", "application/fhir+json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"resourceType\":\"Parameters\",\"parameter\":["
                            + "{\"name\":\"pathway\",\"valueString\":\"hot-clinic\"},"
                            + "{\"name\":\"start\",\"valueDateTime\":\""
                            + due.minus(Duration.ofHours(2))
                            + "\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(200);
    return patient;
  }

  private static String created(
      HttpClient http, ServerProcess server, String token, String path, String body)
      throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(server.fhirBase() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(response.body())
        .path("id")
        .asText();
  }

  /** The coordinator suggestions raised for the patient's breaching steps. */
  private static int breachings(HttpClient http, ServerProcess server, String gp, String patient)
      throws Exception {
    HttpResponse<String> found =
        get(
            http,
            server.fhirBase()
                + "/Task?code=https://fhir.carepath.org/CodeSystem/coordinator-suggestion"
                + "%7Cstep-breaching&patient="
                + patient,
            gp);
    assertThat(found.statusCode()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(found.body())
        .path("entry")
        .size();
  }

  private static HttpResponse<String> get(HttpClient http, String url, String token)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int query(javax.sql.DataSource dataSource, String sql, String run)
      throws Exception {
    try (Connection connection = dataSource.getConnection();
        java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, run);
      try (java.sql.ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
