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
 * lost, none retried and doubled.
 */
class KillRestartIT {

  private static final String IDENTIFIER = "https://fhir.carepath.org/Id/kill-restart-test";
  private static final int WRITERS = 4;
  private static final int WRITES_EACH = 30;

  @Test
  void everyAcknowledgedOrRetriedWriteIsStoredExactlyOnceAfterAKill() throws Exception {
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
          ServerProcess.start("kill-restart-it", postgres.getJdbcUrl("postgres", "carepath"))) {
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
}
