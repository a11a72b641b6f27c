package org.carepath.server.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.carepath.server.benchmark.ComparedServer.Side;
import org.carepath.server.benchmark.ComparisonWorkloads.Measured;

/**
 * Carepath against plain HAPI FHIR JPA 8.8.0 ({@link PlainHapiServer}), side by side in one
 * invocation: rounds of Carepath then plain HAPI, each on a fresh PostgreSQL and a fresh JVM with
 * the same options, the same warm-up, then the same workloads (a) caseload transaction Bundles, (b)
 * Synthea-shaped transaction Bundles, (c) single-resource creates and reads and (d) a search mix at
 * {@code benchmark.clients} concurrent clients. Prints every round and, per workload, the median of
 * each side and the median of the rounds' ratios Carepath / plain HAPI (above 1: Carepath is
 * faster). A command, not a test:
 *
 * <pre>
 * mvn -B -pl fhir-server -am -Pbenchmark-hapi verify [-Dbenchmark.rounds=3]
 *     [-Dbenchmark.caseload=300] [-Dbenchmark.synthea=30] [-Dbenchmark.encounters=40]
 *     [-Dbenchmark.operations=3000] [-Dbenchmark.clients=16] [-Dbenchmark.ingest-clients=4]
 *     [-Dbenchmark.heap=1g] [-Dbenchmark.carepath-settings=--name=value,…]
 *     [-Dbenchmark.jvm-options="-XX:StartFlightRecording=filename=target/{name}.jfr"]
 * </pre>
 *
 * <p>Every patient is registered at one practice, whose GP system's token Carepath is called with,
 * so Carepath's access rules allow exactly what plain HAPI (no access rules) answers; the search
 * counts printed for both sides show it. Record every run in docs/benchmarks.md.
 */
public final class HapiComparisonBenchmark {

  private static final int WARMUP_OPERATIONS = 400;

  private record Result(int round, Side side, Measured measured, String found) {}

  public static void main(String[] args) throws Exception {
    // The harness's embedded PostgreSQL logs every line of its start and stop at INFO.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.zonky"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    int rounds = Integer.getInteger("benchmark.rounds", 3);
    int caseload = Integer.getInteger("benchmark.caseload", 300);
    int synthea = Integer.getInteger("benchmark.synthea", 30);
    int encounters = Integer.getInteger("benchmark.encounters", 40);
    int operations = Integer.getInteger("benchmark.operations", 3000);
    int clients = Integer.getInteger("benchmark.clients", 16);
    int ingestClients = Integer.getInteger("benchmark.ingest-clients", 4);
    // Both sides' JVMs: the heap, and (for a profile) more options, {name} the run's name.
    List<String> jvm =
        new ArrayList<>(List.of("-Xmx" + System.getProperty("benchmark.heap", "1g")));
    Arrays.stream(System.getProperty("benchmark.jvm-options", "").split(" "))
        .filter(option -> !option.isBlank())
        .forEach(jvm::add);
    ComparisonInputs inputs = ComparisonInputs.generate(caseload, synthea, encounters);
    // (e): as many caseload records as (a), as a GP system's NDJSON extract on loopback.
    NdjsonFiles importFiles = NdjsonFiles.of(ComparisonInputs.importRecords(caseload), "imp");
    List<String> settings =
        new ArrayList<>(
            Arrays.stream(System.getProperty("benchmark.carepath-settings", "").split(","))
                .filter(s -> !s.isBlank())
                .toList());
    settings.add("--carepath.bulk-import.allowed-sources=" + importFiles.source());
    String[] carepathSettings = settings.toArray(String[]::new);
    System.out.printf(
        Locale.ROOT,
        "inputs: (a) %d caseload bundles, %d resources (%.1f each); (b) %d Synthea-shaped bundles,"
            + " %d resources (%.1f each); (c) %d creates and %d reads, (d) %d searches at %d"
            + " clients; ingest at %d clients; (e) %d resources by $import in %d NDJSON files;"
            + " JVM %s; %d rounds%n",
        caseload,
        inputs.caseloadResources(),
        inputs.caseloadResources() / (double) caseload,
        synthea,
        inputs.syntheaResources(),
        inputs.syntheaResources() / (double) synthea,
        operations,
        operations,
        operations,
        clients,
        ingestClients,
        importFiles.resources(),
        importFiles.types().size(),
        jvm,
        rounds);

    List<Result> results = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      for (Side side : Side.values()) {
        List<Result> run =
            runSide(
                round,
                side,
                inputs,
                operations,
                clients,
                ingestClients,
                importFiles,
                jvm,
                side == Side.CAREPATH ? carepathSettings : new String[0]);
        run.forEach(HapiComparisonBenchmark::print);
        results.addAll(run);
      }
    }
    summarise(results);
    System.exit(0);
  }

  private static List<Result> runSide(
      int round,
      Side side,
      ComparisonInputs inputs,
      int operations,
      int clients,
      int ingestClients,
      NdjsonFiles importFiles,
      List<String> jvm,
      String[] settings)
      throws Exception {
    String name = "compare-" + side.name().toLowerCase(Locale.ROOT) + "-" + round;
    long startedAt = System.nanoTime();
    List<String> options = jvm.stream().map(option -> option.replace("{name}", name)).toList();
    try (ComparedServer server = ComparedServer.start(side, options, name, settings)) {
      System.out.printf(
          Locale.ROOT,
          "round %d %-10s started in %.0f s%n",
          round,
          side.label,
          (System.nanoTime() - startedAt) / 1e9);
      ComparisonWorkloads workloads = new ComparisonWorkloads(server);

      // The same warm-up on both sides: every workload, smaller, on other patients.
      List<String> warmPatients = new ArrayList<>();
      workloads.ingest("warm-up", inputs.caseloadWarmup(), 0, ingestClients, warmPatients);
      workloads.ingest("warm-up", inputs.syntheaWarmup(), 0, ingestClients, new ArrayList<>());
      List<String> warmCreated = new ArrayList<>();
      workloads.creates(warmPatients, WARMUP_OPERATIONS, clients, warmCreated);
      workloads.reads(warmCreated, WARMUP_OPERATIONS, clients);
      workloads.searches(warmPatients, WARMUP_OPERATIONS, clients, new long[3]);

      List<Result> results = new ArrayList<>();
      List<String> patients = new ArrayList<>();
      results.add(
          new Result(
              round,
              side,
              workloads.ingest(
                  "(a) caseload",
                  inputs.caseload(),
                  inputs.caseloadResources(),
                  ingestClients,
                  patients),
              ""));
      results.add(
          new Result(
              round,
              side,
              workloads.ingest(
                  "(b) Synthea",
                  inputs.synthea(),
                  inputs.syntheaResources(),
                  ingestClients,
                  new ArrayList<>()),
              ""));
      List<String> created = new ArrayList<>();
      results.add(
          new Result(round, side, workloads.creates(patients, operations, clients, created), ""));
      List<String> toRead = new ArrayList<>(created);
      toRead.addAll(patients);
      results.add(new Result(round, side, workloads.reads(toRead, operations, clients), ""));
      long[] found = new long[3];
      Measured search = workloads.searches(patients, operations, clients, found);
      results.add(
          new Result(
              round,
              side,
              search,
              String.format(
                  Locale.ROOT,
                  "returned: by patient %d, by code %d, with _include %d",
                  found[0],
                  found[1],
                  found[2])));
      results.add(new Result(round, side, workloads.bulkImport("(e) $import", importFiles), ""));
      return results;
    }
  }

  private static void print(Result result) {
    Measured m = result.measured();
    System.out.printf(
        Locale.ROOT,
        "round %d %-10s %-13s %8.1f %-12s p50/p95 %7.1f/%7.1f ms  %6.1f s%s%n",
        result.round(),
        result.side().label,
        m.workload(),
        m.rate(),
        m.unit(),
        m.percentileMillis(50),
        m.percentileMillis(95),
        m.seconds(),
        result.found().isEmpty() ? "" : "  " + result.found());
  }

  /** Per workload: each side's median rate and p95, and the median of the rounds' ratios. */
  private static void summarise(List<Result> results) {
    Map<String, List<Result>> byWorkload = new TreeMap<>();
    results.forEach(
        r -> byWorkload.computeIfAbsent(r.measured().workload(), w -> new ArrayList<>()).add(r));
    System.out.println();
    System.out.println(
        "Carepath / plain HAPI FHIR 8.8.0 (medians over rounds; ratio > 1: Carepath faster)");
    System.out.printf(
        Locale.ROOT,
        "%-13s %-12s %10s %10s %12s %12s %8s  %s%n",
        "workload",
        "unit",
        "Carepath",
        "plain HAPI",
        "p95 C (ms)",
        "p95 H (ms)",
        "ratio",
        "rounds' ratios");
    byWorkload.forEach(
        (workload, all) -> {
          List<Double> ratios = new ArrayList<>();
          for (Result carepath : all) {
            if (carepath.side() != Side.CAREPATH) {
              continue;
            }
            all.stream()
                .filter(r -> r.side() == Side.PLAIN_HAPI && r.round() == carepath.round())
                .findFirst()
                .ifPresent(hapi -> ratios.add(carepath.measured().rate() / hapi.measured().rate()));
          }
          System.out.printf(
              Locale.ROOT,
              "%-13s %-12s %10.1f %10.1f %12.1f %12.1f %7.2fx  %s%n",
              workload,
              all.get(0).measured().unit(),
              median(all, Side.CAREPATH, false),
              median(all, Side.PLAIN_HAPI, false),
              median(all, Side.CAREPATH, true),
              median(all, Side.PLAIN_HAPI, true),
              median(ratios),
              ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
        });
  }

  private static double median(List<Result> results, Side side, boolean p95) {
    return median(
        results.stream()
            .filter(r -> r.side() == side)
            .map(r -> p95 ? r.measured().percentileMillis(95) : r.measured().rate())
            .toList());
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private HapiComparisonBenchmark() {}
}
