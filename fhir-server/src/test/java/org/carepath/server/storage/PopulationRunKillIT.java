package org.carepath.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.carepath.server.support.ServerProcess;
import org.carepath.server.support.ServerTestSupport;
import org.carepath.server.support.Tokens;
import org.junit.jupiter.api.Test;

/**
 * A population {@code $stratify} run whose only server is killed ({@code kill -9}) halfway: the
 * restarted server takes up the chunks the dead one had claimed or not reached (db-scheduler's dead
 * executions, the chunks' done marks), and the run completes with every listed patient scored in
 * exactly one committed chunk. Pathway clocks are executions of the same scheduler and resume the
 * same way.
 */
class PopulationRunKillIT {

  private static final int PATIENTS = 80;

  private static final Pattern PROGRESS = Pattern.compile("(\\d+) of (\\d+) patients");

  @Test
  void aRunKilledHalfwayCompletesAfterARestartWithEveryPatientScoredOnce() throws Exception {
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
              "population-run-kill-it",
              postgres.getJdbcUrl("postgres", "carepath"),
              // One patient per chunk, so that the kill lands between many chunks; a dead
              // replica's claims are found after a few missed one-second heartbeats.
              "--carepath.risk.population.chunk-size=1",
              "--carepath.scheduling.heartbeat-interval=1s")) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
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
                        "Authorization",
                        "Bearer " + Tokens.passwordGrant(server.tokenEndpoint(), "gp"))
                    .header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofString(bundle.append("]}").toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(loaded.statusCode()).isEqualTo(200);
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
          Matcher matcher =
              PROGRESS.matcher(progress.headers().firstValue("X-Progress").orElse(""));
          if (matcher.matches() && Integer.parseInt(matcher.group(1)) > 0) {
            doneAtKill = Integer.parseInt(matcher.group(1));
            total = Integer.parseInt(matcher.group(2));
            break;
          }
          Thread.sleep(10);
        }
        server.kill();
        assertThat(doneAtKill).as("killed mid-run").isBetween(1, total - 1);

        server.restart();
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
        assertThat(total).isEqualTo(PATIENTS);

        DataSource carepath = postgres.getDatabase("postgres", "carepath");
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
      }
    }
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

  private static int query(DataSource dataSource, String sql, String run) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, run);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
