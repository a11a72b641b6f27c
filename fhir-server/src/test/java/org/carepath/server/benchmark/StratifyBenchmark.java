package org.carepath.server.benchmark;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.carepath.coordination.risk.DiabetesControl;
import org.carepath.coordination.risk.ElectronicFrailtyIndex;
import org.carepath.coordination.risk.fhir.ClinicalFactsReader;
import org.carepath.server.demo.PopulationLoader;
import org.carepath.server.demo.PopulationMix;
import org.carepath.server.demo.SyntheticPopulation;
import org.carepath.server.security.DevIssuer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Population stratification benchmark: loads a general-practice population (England's age structure
 * and prevalence, one year of history) into the server's PostgreSQL with the generator, then for
 * each size prints patients/second of a whole-population {@code $stratify} (first run, writing
 * every result, and a re-run with nothing changed), the peak heap while it ran, and a naive
 * per-patient loop (read the patient and search their conditions, observations and medicines over
 * FHIR, score in memory; read-only, sequential) on a sample, with the ratio. A command, not a test:
 *
 * <pre>
 * mvn -B -pl fhir-server -am -Pbenchmark-stratify verify [-Dbenchmark.sizes=10000,100000]
 *     [-Dbenchmark.sample=300] [-Dbenchmark.data=target/stratify-data] [-Dbenchmark.chunk=250]
 *     [-Dbenchmark.heap=1g]
 * </pre>
 *
 * <p>With {@code benchmark.data} the population is kept in that folder and a later run loads only
 * what is missing. Record every run in docs/benchmarks.md.
 */
public final class StratifyBenchmark {

  private static final int FIRST_INDEX = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String size : System.getProperty("benchmark.sizes", "10000,100000").split(",")) {
      sizes.add(Integer.parseInt(size.trim()));
    }
    int sample = Integer.getInteger("benchmark.sample", 300);
    String data = System.getProperty("benchmark.data", "");
    Path dataDir =
        data.isBlank()
            ? Files.createTempDirectory(Path.of("target").toAbsolutePath(), "stratify-data-")
            : Files.createDirectories(Path.of(data).toAbsolutePath());

    try (ConfigurableApplicationContext server =
        BenchmarkServer.start(
            dataDir,
            "--carepath.risk.population.chunk-size="
                + Integer.getInteger("benchmark.chunk", 250))) {
      String base = BenchmarkServer.fhirBase(server);
      String token =
          PopulationLoader.clientToken(
              server.getBean(DevIssuer.class).tokenEndpoint(), "gp-system", "demo");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      SyntheticPopulation population =
          new SyntheticPopulation(
              20261123,
              PopulationMix.generalPractice(),
              BenchmarkServer.PRACTICES,
              LocalDate.now(),
              1);
      Scorer scorer =
          new Scorer(
              server.getBean(ElectronicFrailtyIndex.class), server.getBean(DiabetesControl.class));

      List<String> lines = new ArrayList<>();
      for (int size : sizes) {
        // Counted in the database: a count over the API would leak across access boundaries, so
        // the server refuses _summary=count.
        int present =
            server
                .getBean(org.springframework.jdbc.core.JdbcTemplate.class)
                .queryForObject("select count(*) from cp_risk_patient", Integer.class);
        if (present < size) {
          System.err.printf(
              Locale.ROOT, "Loading %,d patients (%,d present)%n", size - present, present);
          var loaded =
              new PopulationLoader(
                      base,
                      PopulationLoader.demoGpTokens(
                          server.getBean(DevIssuer.class).tokenEndpoint()))
                  .load(population, FIRST_INDEX + present, size - present, 10, 4, System.err);
          System.err.printf(
              Locale.ROOT,
              "Loaded %,d resources in %.0f s (%,.0f resources/s)%n",
              loaded.resources(),
              loaded.seconds(),
              loaded.resourcesPerSecond());
        }
        Measured first = measureRun(http, base, token);
        Measured again = measureRun(http, base, token);
        double naive = naiveRate(http, base, token, scorer, sample);
        String line =
            String.format(
                Locale.ROOT,
                "%,d patients: first run %,.0f patients/s (%.1f s, %,d results written, peak heap"
                    + " %d MB); re-run %,.0f patients/s (%.1f s, %,d written, peak heap %d MB);"
                    + " naive loop %,.0f patients/s on %d; ratio re-run/naive %.1f×, first/naive"
                    + " %.1f×",
                first.patients,
                first.rate(),
                first.seconds,
                first.written,
                first.peakHeapMb,
                again.rate(),
                again.seconds,
                again.written,
                again.peakHeapMb,
                naive,
                sample,
                again.rate() / naive,
                first.rate() / naive);
        System.out.println(line);
        lines.add(line);
      }
      System.out.println();
      System.out.println("Stratify benchmark (" + LocalDate.now() + "), data in " + dataDir);
      lines.forEach(System.out::println);
    }
    // HAPI's batch threads are not daemons and outlive the closed server: end the command here.
    System.exit(0);
  }

  record Measured(int patients, double seconds, int written, long peakHeapMb) {
    double rate() {
      return patients / seconds;
    }
  }

  /**
   * A whole-population run from request to completion, as a client sees it; peak heap meanwhile.
   */
  static Measured measureRun(HttpClient http, String base, String token) throws Exception {
    System.gc();
    var memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peak = new AtomicLong();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler =
        new Thread(
            () -> {
              while (sampling.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.start();
    long started = System.nanoTime();
    HttpResponse<String> accepted =
        http.send(
            request(base + "/$stratify", token)
                .header("Prefer", "respond-async")
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Parameters\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (accepted.statusCode() != 202) {
      throw new IllegalStateException("$stratify answered " + accepted.statusCode());
    }
    String status = accepted.headers().firstValue("Content-Location").orElseThrow();
    HttpResponse<String> done;
    while (true) {
      done = http.send(request(status, token).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (done.statusCode() == 200) {
        break;
      }
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    sampling.set(false);
    sampler.join();
    JsonNode summary = JSON.readTree(done.body()).path("entry").path(0).path("resource");
    return new Measured(
        parameter(summary, "patients"),
        seconds,
        parameter(summary, "results-written"),
        peak.get() / (1024 * 1024));
  }

  private static int parameter(JsonNode parameters, String name) {
    for (JsonNode parameter : parameters.path("parameter")) {
      if (name.equals(parameter.path("name").asText())) {
        return parameter.path("valueInteger").asInt();
      }
    }
    return 0;
  }

  /** Scores patients one at a time from four FHIR reads each; patients/second. */
  private static double naiveRate(
      HttpClient http, String base, String token, Scorer scorer, int sample) throws Exception {
    IParser parser = FhirContext.forR4Cached().newJsonParser();
    Bundle page =
        parser.parseResource(
            Bundle.class, get(http, base + "/Patient?_count=" + sample + "&_elements=id", token));
    List<String> ids =
        page.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    long started = System.nanoTime();
    int scored = 0;
    for (String id : ids) {
      Patient patient =
          parser.parseResource(Patient.class, get(http, base + "/Patient/" + id, token));
      List<Condition> conditions =
          search(http, base, token, parser, "Condition", id, Condition.class);
      List<Observation> observations =
          search(http, base, token, parser, "Observation", id, Observation.class);
      List<MedicationStatement> medicines =
          search(http, base, token, parser, "MedicationStatement", id, MedicationStatement.class);
      scored +=
          scorer.score(
              ClinicalFactsReader.read(
                  patient, conditions, observations, medicines, LocalDate.now()));
    }
    if (scored < 0) {
      throw new IllegalStateException("unreachable: keeps the scoring from being optimised away");
    }
    return ids.size() / ((System.nanoTime() - started) / 1e9);
  }

  private static <T extends org.hl7.fhir.r4.model.Resource> List<T> search(
      HttpClient http,
      String base,
      String token,
      IParser parser,
      String type,
      String patient,
      Class<T> resourceType)
      throws Exception {
    Bundle bundle =
        parser.parseResource(
            Bundle.class,
            get(http, base + "/" + type + "?patient=" + patient + "&_count=1000", token));
    return bundle.getEntry().stream().map(e -> resourceType.cast(e.getResource())).toList();
  }

  /** Both models, as a population run applies them; the number of models that applied. */
  record Scorer(ElectronicFrailtyIndex frailty, DiabetesControl diabetes) {
    int score(org.carepath.coordination.risk.ClinicalFacts facts) {
      int applied = frailty.assess(facts) instanceof ElectronicFrailtyIndex.Scored ? 1 : 0;
      return applied
          + (diabetes.assess(facts, LocalDate.now()) instanceof DiabetesControl.Assessed ? 1 : 0);
    }
  }

  private static String get(HttpClient http, String url, String token) throws Exception {
    HttpResponse<String> response =
        http.send(request(url, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + response.statusCode());
    }
    return response.body();
  }

  private static HttpRequest.Builder request(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/fhir+json")
        .timeout(Duration.ofMinutes(5));
  }

  private StratifyBenchmark() {}
}
