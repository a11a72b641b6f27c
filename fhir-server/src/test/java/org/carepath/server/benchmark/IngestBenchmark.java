package org.carepath.server.benchmark;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carepath.server.CarepathApplication;
import org.carepath.server.demo.PopulationMix;
import org.carepath.server.demo.SyntheticPopulation;
import org.carepath.server.security.DevIssuer;
import org.carepath.server.support.Tokens;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Ingest benchmark: posts FHIR transaction Bundles of realistic patients (about 50 resources each:
 * conditions, measurements, medicines, consultations) to the running server, as GP systems would,
 * and prints resources/second and per-bundle latency. A command, not a test:
 *
 * <pre>
 * mvn -B -pl fhir-server -am -Pbenchmark verify -Dbenchmark.bundles=400 -Dbenchmark.baseline=NNN
 * </pre>
 *
 * <p>It starts the server in-process on a fresh embedded PostgreSQL (demo organisations only),
 * takes a token for the {@code gp-system} client by client credentials, warms up, then posts from
 * {@code benchmark.concurrency} clients. With {@code benchmark.baseline} (resources/second of an
 * earlier run) it prints the ratio to it. Record every run in docs/benchmarks.md.
 */
public final class IngestBenchmark {

  public static void main(String[] args) throws Exception {
    int bundles = Integer.getInteger("benchmark.bundles", 400);
    int warmup = Integer.getInteger("benchmark.warmup", 40);
    int concurrency = Integer.getInteger("benchmark.concurrency", 4);
    int years = Integer.getInteger("benchmark.years", 5);
    String baseline = System.getProperty("benchmark.baseline", "");
    boolean validate = Boolean.parseBoolean(System.getProperty("benchmark.validate", "true"));

    Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "benchmark-data-");
    try (ConfigurableApplicationContext server =
        new SpringApplicationBuilder(CarepathApplication.class)
            .run(
                "--server.port=0",
                "--carepath.security.dev-issuer.port=0",
                "--carepath.demo.enabled=true",
                "--carepath.demo.patients=0",
                "--carepath.storage.data-dir=" + dataDir,
                "--carepath.conformance.validate-on-write=" + validate,
                "--logging.level.root=WARN")) {
      String base =
          "http://localhost:" + server.getEnvironment().getProperty("local.server.port") + "/fhir";
      String token =
          Tokens.clientCredentials(server.getBean(DevIssuer.class).tokenEndpoint(), "gp-system");

      SyntheticPopulation population =
          new SyntheticPopulation(
              7,
              PopulationMix.caseload(),
              List.of(
                  "Organization/demo-practice-1",
                  "Organization/demo-practice-2",
                  "Organization/demo-practice-3",
                  "Organization/demo-practice-4",
                  "Organization/demo-practice-5",
                  "Organization/demo-practice-6"),
              LocalDate.now(),
              years);
      FhirContext fhir = FhirContext.forR4Cached();
      List<String> bodies = new ArrayList<>();
      long resources = 0;
      for (int i = 0; i < warmup + bundles; i++) {
        var bundle = population.patient(100_000 + i).bundle();
        if (i >= warmup) {
          resources += bundle.getEntry().size();
        }
        bodies.add(fhir.newJsonParser().encodeResourceToString(bundle));
      }

      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      post(http, base, token, bodies.subList(0, warmup), concurrency);
      long started = System.nanoTime();
      List<Long> latencies =
          post(http, base, token, bodies.subList(warmup, bodies.size()), concurrency);
      double seconds = (System.nanoTime() - started) / 1e9;

      Collections.sort(latencies);
      double rate = resources / seconds;
      System.out.println();
      System.out.println("Carepath ingest benchmark");
      System.out.printf(
          Locale.ROOT, "bundles                 %d (after %d warm-up)%n", bundles, warmup);
      System.out.printf(
          Locale.ROOT,
          "resources               %d (%.1f per bundle)%n",
          resources,
          resources / (double) bundles);
      System.out.printf(Locale.ROOT, "concurrent clients      %d%n", concurrency);
      System.out.printf(Locale.ROOT, "validation on write     %s%n", validate ? "on" : "off");
      System.out.printf(Locale.ROOT, "wall time               %.1f s%n", seconds);
      System.out.printf(Locale.ROOT, "resources/second        %.0f%n", rate);
      System.out.printf(Locale.ROOT, "bundles/second          %.1f%n", bundles / seconds);
      System.out.printf(
          Locale.ROOT,
          "latency p50 / p95 / p99 %d / %d / %d ms%n",
          percentile(latencies, 50),
          percentile(latencies, 95),
          percentile(latencies, 99));
      if (!baseline.isBlank()) {
        System.out.printf(
            Locale.ROOT,
            "ratio to baseline       %.2fx (baseline %s resources/second)%n",
            rate / Double.parseDouble(baseline),
            baseline);
      }
    }
    System.exit(0);
  }

  private static List<Long> post(
      HttpClient http, String base, String token, List<String> bodies, int concurrency)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (String body : bodies) {
        futures.add(
            pool.submit(
                () -> {
                  HttpRequest request =
                      HttpRequest.newBuilder(URI.create(base))
                          .header("Authorization", "Bearer " + token)
                          .header("Content-Type", "application/fhir+json")
                          .header("Prefer", "return=minimal")
                          .POST(HttpRequest.BodyPublishers.ofString(body))
                          .build();
                  long start = System.nanoTime();
                  HttpResponse<String> response =
                      http.send(request, HttpResponse.BodyHandlers.ofString());
                  long millis = (System.nanoTime() - start) / 1_000_000;
                  if (response.statusCode() != 200) {
                    throw new IllegalStateException(
                        "bundle rejected: HTTP " + response.statusCode() + " " + response.body());
                  }
                  return millis;
                }));
      }
      List<Long> latencies = new ArrayList<>();
      for (Future<Long> future : futures) {
        latencies.add(future.get());
      }
      return latencies;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long percentile(List<Long> sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }

  private IngestBenchmark() {}
}
