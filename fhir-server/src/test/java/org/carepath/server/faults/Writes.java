package org.carepath.server.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * GP-system writes as a fault meets them: each is a conditional create on the writer's own
 * identifier (a Patient) or a referral on its referral number, sent to a server chosen per attempt
 * (round robin over replicas) and retried — on a refused connection, a timeout, a 5xx, a 429 or a
 * 401 (signing in again) — until it is acknowledged. Afterwards each write is counted where it is
 * stored: lost (acknowledged, not found) or duplicated (found more than once).
 */
final class Writes {

  static final String IDENTIFIER = "https://fhir.carepath.org/Id/fault-suite";
  static final String REFERRAL_NUMBER = "https://fhir.carepath.org/Id/referral-number";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A target: where to send, and the current token there. */
  interface Target {
    String fhirBase();

    String token();

    void signInAgain();
  }

  record Write(String kind, String identifier, String body) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final List<Write> sent = new CopyOnWriteArrayList<>();
  final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
  final AtomicInteger acknowledged = new AtomicInteger();
  final AtomicInteger attempts = new AtomicInteger();
  final List<Double> outageAnswerSeconds = new CopyOnWriteArrayList<>();

  static Write patient() {
    String id = UUID.randomUUID().toString();
    return new Write(
        "Patient",
        id,
        "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\""
            + IDENTIFIER
            + "\",\"value\":\""
            + id
            + "\"}],\"birthDate\":\"1948-03-03\",\"generalPractitioner\":[{\"reference\":"
            + "\"Organization/demo-practice-1\"}]}");
  }

  static Write referral(String patientId) {
    String number = "FAULT-" + UUID.randomUUID();
    return new Write(
        "ServiceRequest",
        number,
        "{\"resourceType\":\"ServiceRequest\",\"identifier\":[{\"system\":\""
            + REFERRAL_NUMBER
            + "\",\"value\":\""
            + number
            + "\"}],\"status\":\"active\",\"intent\":\"order\",\"category\":[{\"coding\":[{\"system\":"
            + "\"http://snomed.info/sct\",\"code\":\"3457005\"}]},{\"coding\":[{\"system\":"
            + "\"https://fhir.carepath.org/CodeSystem/referral-purpose\",\"code\":\"treatment\"}]}],"
            + "\"priority\":\"routine\",\"code\":{\"text\":\"Pulmonary rehabilitation\"},"
            + "\"subject\":{\"reference\":\"Patient/"
            + patientId
            + "\"},\"requester\":{\"reference\":\"Practitioner/demo-gp\"},\"performerType\":"
            + "{\"coding\":[{\"system\":\"https://fhir.carepath.org/CodeSystem/service-type\","
            + "\"code\":\"community-respiratory\"}]},\"reasonCode\":[{\"coding\":[{\"system\":"
            + "\"http://snomed.info/sct\",\"code\":\"13645005\"}]}],\"note\":[{\"text\":"
            + "\"Breathless on exertion: rehabilitation, please?\"}]}");
  }

  /** Sends until acknowledged (or {@code within} passes); answers the stored id. */
  String send(Write write, Supplier<Target> targets, Duration within) throws InterruptedException {
    sent.add(write);
    Instant giveUp = Instant.now().plus(within);
    while (Instant.now().isBefore(giveUp)) {
      Target target = targets.get();
      attempts.incrementAndGet();
      long started = System.nanoTime();
      try {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(target.fhirBase() + "/" + write.kind()))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + target.token())
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(write.body()));
        if ("Patient".equals(write.kind())) {
          request.header("If-None-Exist", "identifier=" + IDENTIFIER + "|" + write.identifier());
        }
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        count(String.valueOf(response.statusCode()));
        if (response.statusCode() == 503) {
          outageAnswerSeconds.add((System.nanoTime() - started) / 1e9);
        }
        if (response.statusCode() == 200 || response.statusCode() == 201) {
          acknowledged.incrementAndGet();
          return JSON.readTree(response.body()).path("id").asText();
        }
        if (response.statusCode() == 401) {
          target.signInAgain();
        }
        if (response.statusCode() >= 400
            && response.statusCode() < 500
            && response.statusCode() != 401
            && response.statusCode() != 429) {
          throw new IllegalStateException(
              "Refused " + response.statusCode() + ": " + response.body());
        }
      } catch (IOException refusedOrCutOff) {
        count(refusedOrCutOff.getClass().getSimpleName());
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "Never acknowledged: " + write.kind() + " " + write.identifier());
  }

  private void count(String outcome) {
    statuses.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
  }

  /** How many times each write is stored: {lost, duplicated, found}. */
  int[] verify(Target target) throws Exception {
    int lost = 0;
    int duplicated = 0;
    int found = 0;
    for (Write write : sent) {
      String system = "Patient".equals(write.kind()) ? IDENTIFIER : REFERRAL_NUMBER;
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          target.fhirBase()
                              + "/"
                              + write.kind()
                              + "?identifier="
                              + system
                              + "%7C"
                              + write.identifier()))
                  .header("Authorization", "Bearer " + target.token())
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      int stored = JSON.readTree(response.body()).path("entry").size();
      if (stored == 0) {
        lost++;
      } else {
        found++;
        if (stored > 1) {
          duplicated++;
        }
      }
    }
    return new int[] {lost, duplicated, found};
  }

  Map<String, Integer> statusCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    statuses.forEach((status, n) -> counts.put(status, n.get()));
    return counts;
  }
}
