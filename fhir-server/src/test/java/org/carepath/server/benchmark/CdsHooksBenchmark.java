package org.carepath.server.benchmark;

import static org.carepath.server.benchmark.BenchmarkHttp.get;
import static org.carepath.server.benchmark.BenchmarkHttp.percentile;
import static org.carepath.server.benchmark.BenchmarkHttp.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.carepath.server.demo.PopulationLoader;
import org.carepath.server.security.DevIssuer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * CDS Hooks {@code patient-view} at a steady rate, as a GP practice's system calls it when its
 * clinicians open records: {@code benchmark.rate} calls per second (open loop: a call is sent on
 * time whether or not earlier ones have answered) for {@code benchmark.seconds}, after {@code
 * benchmark.warmup} untimed calls, round robin over the practice's patients (a demo population of
 * {@code benchmark.patients}, its pathways started by the triggers). Each call carries the EHR's
 * JWT and the GP's Carepath token. Prints the answered rate, p50/p95/p99, errors by status, cards
 * per call and the ratio of p95 to the goal (150 ms at 20 calls/s). There is no plain-HAPI side:
 * plain HAPI FHIR has no CDS Service that reads Carepath's record.
 *
 * <p>{@code mvn -B -pl fhir-server -am -Pbenchmark-cds-hooks verify [-Dbenchmark.rate=20
 * -Dbenchmark.seconds=60]}
 */
public final class CdsHooksBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CdsHooksBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rate = Integer.getInteger("benchmark.rate", 20);
    int seconds = Integer.getInteger("benchmark.seconds", 60);
    int warmUp = Integer.getInteger("benchmark.warmup", 200);
    int patients = Integer.getInteger("benchmark.patients", 300);
    Path dataDir = BenchmarkServer.dataDir("cds-data-");
    try (ConfigurableApplicationContext server =
        BenchmarkServer.start(dataDir, "--carepath.demo.patients=" + patients)) {
      String base = BenchmarkServer.fhirBase(server);
      DevIssuer issuer = server.getBean(DevIssuer.class);
      String gp = PopulationLoader.demoToken(issuer.tokenEndpoint(), "gp");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      List<String> ids = practicePatients(http, base, gp);
      String service = base.replace("/fhir", "/cds-services/carepath-patient-view");
      // An EHR JWT is good for one call (replay protection): one each, fetched before timing.
      List<String> ehrJwts = new ArrayList<>();
      for (int i = 0; i < warmUp + rate * seconds; i++) {
        ehrJwts.add(ehrToken(http, issuer.port(), service));
      }

      for (int i = 0; i < warmUp; i++) {
        call(http, service, ehrJwts.get(i), gp, ids.get(i % ids.size())).join();
      }
      List<Double> times = Collections.synchronizedList(new ArrayList<>());
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      AtomicInteger cards = new AtomicInteger();
      List<CompletableFuture<Void>> calls = new ArrayList<>();
      long start = System.nanoTime();
      int total = rate * seconds;
      for (int i = 0; i < total; i++) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        long sent = System.nanoTime();
        calls.add(
            call(http, service, ehrJwts.get(warmUp + i), gp, ids.get(i % ids.size()))
                .thenAccept(
                    response -> {
                      times.add((System.nanoTime() - sent) / 1e6);
                      statuses
                          .computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                          .incrementAndGet();
                      if (response.statusCode() == 200) {
                        try {
                          cards.addAndGet(JSON.readTree(response.body()).path("cards").size());
                        } catch (Exception e) {
                          throw new IllegalStateException(e);
                        }
                      }
                    }));
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
      double elapsed = (System.nanoTime() - start) / 1e9;
      double p95 = percentile(times, 95);
      System.out.printf(
          Locale.ROOT,
          "CDS Hooks patient-view (%d patients of the practice, %d demo patients): %,d calls at %d/s"
              + " (answered %.1f/s after %d untimed); p50 %.1f ms, p95 %.1f ms, p99 %.1f ms"
              + " (goal p95 150 ms: %.2fx); %.2f cards per call; statuses %s%n",
          ids.size(),
          patients,
          total,
          rate,
          times.size() / elapsed,
          warmUp,
          percentile(times, 50),
          p95,
          percentile(times, 99),
          p95 / 150.0,
          cards.get() / (double) Math.max(1, statuses.getOrDefault(200, new AtomicInteger()).get()),
          new TreeMap<>(statuses));
      if (statuses.keySet().stream().anyMatch(status -> status != 200)) {
        throw new IllegalStateException("Calls failed: " + statuses);
      }
    }
  }

  private static List<String> practicePatients(HttpClient http, String base, String token)
      throws Exception {
    JsonNode page =
        JSON.readTree(
            send(
                http,
                get(
                    base
                        + "/Patient?general-practitioner=Organization/demo-practice-1&_count=200"
                        + "&_elements=id",
                    token),
                200));
    List<String> ids = new ArrayList<>();
    page.path("entry").forEach(entry -> ids.add(entry.path("resource").path("id").asText()));
    if (ids.isEmpty()) {
      throw new IllegalStateException("The practice has no patients");
    }
    return ids;
  }

  private static String ehrToken(HttpClient http, int issuerPort, String audience)
      throws Exception {
    String form =
        "grant_type=client_credentials&client_id=gp-ehr&client_secret=ehr&audience="
            + URLEncoder.encode(audience, StandardCharsets.UTF_8)
            + "&scope="
            + URLEncoder.encode(audience, StandardCharsets.UTF_8);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + issuerPort + "/ehr/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body()).path("access_token").asText();
  }

  private static CompletableFuture<HttpResponse<String>> call(
      HttpClient http, String service, String ehrJwt, String gp, String patientId) {
    ObjectNode body = JSON.createObjectNode();
    body.put("hookInstance", UUID.randomUUID().toString());
    body.put("hook", "patient-view");
    ObjectNode authorisation = body.putObject("fhirAuthorization");
    authorisation.put("access_token", gp).put("token_type", "Bearer").put("expires_in", 300);
    authorisation.put("scope", "user/*.rs").put("subject", "gp");
    body.putObject("context").put("userId", "Practitioner/demo-gp").put("patientId", patientId);
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create(service))
            .header("Authorization", "Bearer " + ehrJwt)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
