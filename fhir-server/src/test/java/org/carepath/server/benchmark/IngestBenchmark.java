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
import org.carepath.server.demo.PopulationMix;
import org.carepath.server.demo.SyntheticPopulation;
import org.carepath.server.security.DevIssuer;
import org.carepath.server.support.Tokens;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Ingest benchmark: posts FHIR transaction Bundles of realistic patients (about 45 resources each:
 * conditions, measurements, medicines, consultations; every entry a conditional create) to the
 * running server, as GP systems would, and prints resources/second and per-bundle latency. A
 * command, not a test:
 *
 * <pre>
 * mvn -B -pl fhir-server -am -Pbenchmark verify [-Dbenchmark.validate=true|false|both]
 *     [-Dbenchmark.rounds=4] [-Dbenchmark.bundles=400]
 * </pre>
 *
 * <p>Each run starts the server in-process on a fresh embedded PostgreSQL (demo organisations
 * only), takes a token for the {@code gp-system} client by client credentials, warms up, then posts
 * from {@code benchmark.concurrency} clients. {@code benchmark.validate=both} alternates runs with
 * validation on and off for {@code benchmark.rounds} rounds and prints the median ratio, which is
 * what to compare on a machine whose single runs vary. Its figures are Carepath against itself: the
 * ratio to plain HAPI FHIR, which every figure is quoted with, comes from {@link
 * HapiComparisonBenchmark} (workload (a) is this benchmark's Bundles), never from an earlier run.
 * Record every run in docs/benchmarks.md.
 */
public final class IngestBenchmark {

  /** One measured run. */
  record Run(boolean validate, long resources, int bundles, double seconds, List<Long> latencies) {
    double rate() {
      return resources / seconds;
    }

    long percentile(int percentile) {
      int index = (int) Math.ceil(percentile / 100.0 * latencies.size()) - 1;
      return latencies.get(Math.max(0, index));
    }
  }

  public static void main(String[] args) throws Exception {
    int bundles = Integer.getInteger("benchmark.bundles", 400);
    int warmup = Integer.getInteger("benchmark.warmup", 40);
    int concurrency = Integer.getInteger("benchmark.concurrency", 4);
    int years = Integer.getInteger("benchmark.years", 5);
    int rounds = Integer.getInteger("benchmark.rounds", 4);
    String validate = System.getProperty("benchmark.validate", "true");

    List<String> bodies = new ArrayList<>();
    long resources = generate(warmup, bundles, years, bodies);

    List<Run> runs = new ArrayList<>();
    if (validate.equals("both")) {
      for (int round = 1; round <= rounds; round++) {
        runs.add(run(true, bodies, warmup, resources, concurrency));
        runs.add(run(false, bodies, warmup, resources, concurrency));
        System.out.printf(Locale.ROOT, "round %d of %d done%n", round, rounds);
      }
    } else {
      runs.add(run(Boolean.parseBoolean(validate), bodies, warmup, resources, concurrency));
    }

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
    for (Run run : runs) {
      System.out.printf(
          Locale.ROOT,
          "validation %-4s         %.0f resources/s, %.1f bundles/s, p50/p95/p99 %d/%d/%d ms, %.1f s%n",
          run.validate() ? "on" : "off",
          run.rate(),
          run.bundles() / run.seconds(),
          run.percentile(50),
          run.percentile(95),
          run.percentile(99),
          run.seconds());
    }
    double on = median(runs, true);
    double off = median(runs, false);
    if (!Double.isNaN(on) && !Double.isNaN(off)) {
      System.out.printf(Locale.ROOT, "median resources/s      on %.0f, off %.0f%n", on, off);
      System.out.printf(
          Locale.ROOT, "validation overhead     %.2fx (median on / median off)%n", on / off);
    }
    System.exit(0);
  }

  private static Run run(
      boolean validate, List<String> bodies, int warmup, long resources, int concurrency)
      throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "benchmark-data-");
    try (ConfigurableApplicationContext server =
        BenchmarkServer.start(dataDir, "--carepath.conformance.validate-on-write=" + validate)) {
      String base = BenchmarkServer.fhirBase(server);
      String token =
          Tokens.clientCredentials(server.getBean(DevIssuer.class).tokenEndpoint(), "gp-system");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      post(http, base, token, bodies.subList(0, warmup), concurrency);
      long started = System.nanoTime();
      List<Long> latencies =
          post(http, base, token, bodies.subList(warmup, bodies.size()), concurrency);
      double seconds = (System.nanoTime() - started) / 1e9;
      Collections.sort(latencies);
      return new Run(validate, resources, bodies.size() - warmup, seconds, latencies);
    }
  }

  private static SyntheticPopulation population(int years) {
    return new SyntheticPopulation(
        7, PopulationMix.caseload(), BenchmarkServer.PRACTICES, LocalDate.now(), years);
  }

  /**
   * Serialises the warm-up and measured bundles into {@code bodies}, once.
   *
   * @return the number of resources in the measured bundles
   */
  private static long generate(int warmup, int bundles, int years, List<String> bodies) {
    SyntheticPopulation population = population(years);
    FhirContext fhir = FhirContext.forR4Cached();
    long resources = 0;
    for (int i = 0; i < warmup + bundles; i++) {
      var bundle = population.patient(100_000 + i).bundle();
      if (i >= warmup) {
        resources += bundle.getEntry().size();
      }
      bodies.add(fhir.newJsonParser().encodeResourceToString(bundle));
    }
    return resources;
  }

  private static double median(List<Run> runs, boolean validate) {
    List<Double> rates =
        runs.stream().filter(r -> r.validate() == validate).map(Run::rate).sorted().toList();
    if (rates.isEmpty()) {
      return Double.NaN;
    }
    int middle = rates.size() / 2;
    return rates.size() % 2 == 1
        ? rates.get(middle)
        : (rates.get(middle - 1) + rates.get(middle)) / 2;
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

  private IngestBenchmark() {}
}
