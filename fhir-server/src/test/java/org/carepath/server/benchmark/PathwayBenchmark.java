package org.carepath.server.benchmark;

import static org.carepath.server.benchmark.BenchmarkHttp.get;
import static org.carepath.server.benchmark.BenchmarkHttp.percentile;
import static org.carepath.server.benchmark.BenchmarkHttp.post;
import static org.carepath.server.benchmark.BenchmarkHttp.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.carepath.coordination.risk.fhir.ValueSetCodes;
import org.carepath.coordination.terminology.Code;
import org.carepath.server.conformance.ConformancePackage;
import org.carepath.server.demo.PopulationLoader;
import org.carepath.server.demo.PopulationMix;
import org.carepath.server.demo.SyntheticPopulation;
import org.carepath.server.security.DevIssuer;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Pathway engine figures over HTTP on a general-practice population of {@code benchmark.enrolments}
 * patients (loaded with the population generator unless {@code benchmark.data} already holds them):
 * every patient is enrolled with {@code POST Patient/[id]/$enrol} in the pathway their record fits
 * (palliative → end of life, COPD → HOT clinic or the post-discharge review, diabetes → diabetes,
 * moderate/severe frailty → frailty, the rest → care homes), by {@code benchmark.clients} clients;
 * 2.5 % start 15 days back (overdue steps) and 25 % 6 days back (steps due soon). Then p50/p95 of
 * {@code $worklist} for each PCN and for one practice (with the number of open steps in scope), and
 * p50/p95 of a step completion whose dependant opens in the same request (care-home assessment →
 * PCSP ready), timed after {@code benchmark.warmup} (100) untimed ones. Prints progress every 5,000
 * enrolments, figures and ratios to the goals (worklist p95 200 ms, advance p95 100 ms).
 *
 * <p>{@code mvn -B -pl fhir-server -am -Pbenchmark-pathway verify -Dbenchmark.enrolments=100000
 * [-Dbenchmark.data=target/pathway-data]}
 */
public final class PathwayBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FIRST_INDEX = 1;
  private static final List<String> PCNS =
      List.of("Organization/demo-pcn-1", "Organization/demo-pcn-2", "Organization/demo-pcn-3");

  /** Each PCN's demo care coordinator. */
  private static final Map<String, String> COORDINATORS =
      Map.of(
          "Organization/demo-pcn-1", "care-coordinator",
          "Organization/demo-pcn-2", "care-coordinator-riverside",
          "Organization/demo-pcn-3", "care-coordinator-southfields");

  /** The PCN of each demo practice. */
  private static final Map<String, String> PCN_OF =
      Map.of(
          "Organization/demo-practice-1", "Organization/demo-pcn-1",
          "Organization/demo-practice-2", "Organization/demo-pcn-1",
          "Organization/demo-practice-3", "Organization/demo-pcn-2",
          "Organization/demo-practice-4", "Organization/demo-pcn-2",
          "Organization/demo-practice-5", "Organization/demo-pcn-3",
          "Organization/demo-practice-6", "Organization/demo-pcn-3");

  private PathwayBenchmark() {}

  public static void main(String[] args) throws Exception {
    int size = Integer.getInteger("benchmark.enrolments", 1000);
    int samples = Integer.getInteger("benchmark.sample", 200);
    int warmUp = Integer.getInteger("benchmark.warmup", 100);
    int clients = Integer.getInteger("benchmark.clients", 4);
    Path dataDir = BenchmarkServer.dataDir("pathway-data-");
    try (ConfigurableApplicationContext server =
        BenchmarkServer.start(dataDir, "--carepath.pathway.diabetes-trigger=none")) {
      String base = BenchmarkServer.fhirBase(server);
      String tokenEndpoint = server.getBean(DevIssuer.class).tokenEndpoint();
      // Each PCN's care coordinator works its practices' patients (access control: a relationship
      // through registration); each practice registers its own patients.
      Map<String, String> coordinatorTokens = new HashMap<>();
      for (Map.Entry<String, String> pcn : COORDINATORS.entrySet()) {
        coordinatorTokens.put(
            pcn.getKey(), PopulationLoader.demoToken(tokenEndpoint, pcn.getValue()));
      }
      Function<String, String> token =
          organisation -> coordinatorTokens.get(PCN_OF.getOrDefault(organisation, organisation));
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      JdbcTemplate jdbc = server.getBean(JdbcTemplate.class);

      int present = jdbc.queryForObject("select count(*) from cp_risk_patient", Integer.class);
      if (present < size) {
        System.err.printf(
            Locale.ROOT, "Loading %,d patients (%,d present)%n", size - present, present);
        SyntheticPopulation population =
            new SyntheticPopulation(
                20261123,
                PopulationMix.generalPractice(),
                BenchmarkServer.PRACTICES,
                LocalDate.now(),
                1);
        new PopulationLoader(base, PopulationLoader.demoGpTokens(tokenEndpoint))
            .load(population, FIRST_INDEX + present, size - present, 10, 4, System.err);
      }
      Map<String, List<String>> cohorts = cohorts(jdbc, size);
      List<String[]> work = new ArrayList<>();
      cohorts.forEach((pathway, ids) -> ids.forEach(id -> work.add(new String[] {pathway, id})));
      Collections.shuffle(work, new java.util.Random(20261123));
      cohorts.forEach(
          (pathway, ids) ->
              System.err.printf(Locale.ROOT, "%s: %,d patients%n", pathway, ids.size()));

      int enrolledBefore =
          jdbc.queryForObject(
              "select count(distinct patient_id) from cp_pathway_step", Integer.class);
      List<String> lines = new ArrayList<>();
      if (enrolledBefore >= work.size()) {
        lines.add(
            String.format(
                Locale.ROOT,
                "enrolments: %,d patients already enrolled in this data folder (an earlier run);"
                    + " not enrolled again",
                enrolledBefore));
      } else {
        // An earlier run's enrolments stand: only patients not yet enrolled are enrolled (and
        // timed), so a folder can be filled in several runs.
        Set<String> enrolled =
            new HashSet<>(
                jdbc.queryForList("select distinct patient_id from cp_pathway_step", String.class));
        List<String[]> remaining =
            work.stream().filter(item -> !enrolled.contains(item[1])).toList();
        if (!enrolled.isEmpty()) {
          lines.add(
              String.format(
                  Locale.ROOT,
                  "enrolments: %,d patients already enrolled by an earlier run; %,d to enrol",
                  enrolled.size(),
                  remaining.size()));
        }
        Map<String, String> practiceOf = new HashMap<>();
        jdbc.query(
            "select patient_id, practice from cp_risk_patient",
            row -> {
              practiceOf.put(row.getString(1), row.getString(2));
            });
        lines.add(
            enrolAll(
                http,
                base,
                patient -> token.apply(practiceOf.get(patient)),
                jdbc,
                remaining,
                clients));
      }
      List<String> assessments =
          jdbc.query(
              "select task_id, practice from cp_pathway_step where step_code ="
                  + " 'care-home-assessment' and status = 'ready' and due > now() + interval '1"
                  + " day' order by task_id limit ?",
              (row, n) -> row.getString(1) + " " + row.getString(2),
              warmUp + samples);
      for (String scope : scopes()) {
        lines.add(
            worklist(
                http, base, token.apply(scope.substring(scope.indexOf('=') + 1)), jdbc, scope));
      }
      lines.add(advance(http, base, token, assessments, warmUp, samples));
      lines.forEach(System.out::println);
    }
    System.exit(0);
  }

  /** Enrols every patient of the work list with {@code clients} threads; answers the figures. */
  private static String enrolAll(
      HttpClient http,
      String base,
      Function<String, String> tokenFor,
      JdbcTemplate jdbc,
      List<String[]> work,
      int clients)
      throws Exception {
    int steps0 = jdbc.queryForObject("select count(*) from cp_pathway_step", Integer.class);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicInteger done = new AtomicInteger();
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    long started = System.nanoTime();
    long[] block = {started};
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < work.size(); i++) {
      String[] item = work.get(i);
      int daysBack = i % 40 == 0 ? 15 : i % 4 == 1 ? 6 : 0;
      futures.add(
          pool.submit(
              () -> {
                String outcome =
                    enrol(http, base, tokenFor.apply(item[1]), item[1], item[0], daysBack);
                outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                int n = done.incrementAndGet();
                if (n % 5000 == 0) {
                  synchronized (block) {
                    long now = System.nanoTime();
                    System.out.printf(
                        Locale.ROOT,
                        "  %,d enrolled in %.0f s; last 5,000 at %.1f/s%n",
                        n,
                        (now - started) / 1e9,
                        5000 / ((now - block[0]) / 1e9));
                    block[0] = now;
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    int steps = jdbc.queryForObject("select count(*) from cp_pathway_step", Integer.class);
    String line =
        String.format(
            Locale.ROOT,
            "enrolments: %,d in %.0f s = %.1f enrolments/s (%d clients; outcomes %s; %,d step"
                + " Tasks written)",
            work.size(),
            seconds,
            work.size() / seconds,
            clients,
            outcomes,
            steps - steps0);
    System.out.println(line);
    return line;
  }

  /** The scopes whose worklists are timed: each PCN, and one practice. */
  private static List<String> scopes() {
    List<String> scopes = new ArrayList<>();
    PCNS.forEach(pcn -> scopes.add("pcn=" + pcn));
    scopes.add("organization=Organization/demo-practice-1");
    return scopes;
  }

  private static String worklist(
      HttpClient http, String base, String token, JdbcTemplate jdbc, String scope)
      throws Exception {
    List<Double> times = new ArrayList<>();
    int listed = 0;
    for (int i = 0; i < 50; i++) {
      long t = System.nanoTime();
      String answer = send(http, get(base + "/$worklist?" + scope, token), 200);
      times.add((System.nanoTime() - t) / 1e6);
      if (i == 0) {
        for (JsonNode group : JSON.readTree(answer).path("parameter")) {
          if ("pathway".equals(group.get("name").asText())) {
            for (JsonNode part : group.get("part")) {
              String name = part.get("name").asText();
              if (name.equals("overdue") || name.equals("dueSoon") || name.equals("unclaimed")) {
                listed += part.get("valueInteger").asInt();
              }
            }
          }
        }
      }
    }
    String organisation = scope.substring(scope.indexOf('=') + 1);
    List<String> practices = new ArrayList<>(List.of(organisation));
    for (JsonNode entry :
        JSON.readTree(
                send(
                    http,
                    get(base + "/Organization?partof=" + organisation + "&_count=100", token),
                    200))
            .path("entry")) {
      practices.add("Organization/" + entry.at("/resource/id").asText());
    }
    Integer open =
        jdbc.queryForObject(
            "select count(*) from cp_pathway_step s where status in"
                + " ('requested','received','accepted','ready','in-progress','on-hold') and"
                + " patient_id in (select patient_id from cp_risk_patient where practice ="
                + " any(?))",
            Integer.class,
            (Object) practices.toArray(String[]::new));
    double p95 = percentile(times, 95);
    return String.format(
        Locale.ROOT,
        "worklist %s (%,d open steps in scope, %,d overdue + due in 7 days + unclaimed, 50 calls):"
            + " p50 %.0f ms, p95 %.0f ms (goal 200 ms: %.2fx)",
        scope,
        open,
        listed,
        percentile(times, 50),
        p95,
        p95 / 200);
  }

  /**
   * Times {@code samples} step completions after {@code warmUp} untimed ones: a server runs warm,
   * and a JVM fresh from start-up spends its first calls compiling the write path.
   */
  private static String advance(
      HttpClient http,
      String base,
      Function<String, String> tokenFor,
      List<String> assessments,
      int warmUp,
      int samples)
      throws Exception {
    List<Double> advance = new ArrayList<>();
    int calls = 0;
    for (String assessment : assessments) {
      String taskId = assessment.substring(0, assessment.indexOf(' '));
      String token = tokenFor.apply(assessment.substring(assessment.indexOf(' ') + 1));
      ObjectNode task =
          (ObjectNode) JSON.readTree(send(http, get(base + "/Task/" + taskId, token), 200));
      if (!"ready".equals(task.path("status").asText())) {
        continue;
      }
      task.put("status", "completed");
      task.remove("meta");
      long t = System.nanoTime();
      send(
          http,
          HttpRequest.newBuilder(URI.create(base + "/Task/" + taskId))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/fhir+json")
              .PUT(HttpRequest.BodyPublishers.ofString(task.toString()))
              .build(),
          200);
      if (calls++ >= warmUp) {
        advance.add((System.nanoTime() - t) / 1e6);
      }
    }
    double p95 = percentile(advance, 95);
    return String.format(
        Locale.ROOT,
        "step advance (complete assessment → PCSP ready, %d calls after %d untimed): p50 %.0f ms,"
            + " p95 %.0f ms (goal 100 ms: %.2fx)",
        advance.size(),
        Math.min(warmUp, calls),
        percentile(advance, 50),
        p95,
        p95 / 100);
  }

  /**
   * The first {@code size} patients by the pathway their record fits, from the risk projection's
   * facts (the codes of Carepath's problem-group value sets) and stored frailty bands.
   */
  private static Map<String, List<String>> cohorts(JdbcTemplate jdbc, int size) {
    var entries = ConformancePackage.load(ca.uhn.fhir.context.FhirContext.forR4Cached());
    List<String> patients =
        jdbc.queryForList(
            "select patient_id from cp_risk_patient where not deceased and practice is not null"
                + " order by patient_id limit ?",
            String.class,
            size);
    Set<String> palliative = withCodes(jdbc, entries, "palliative-care-conditions");
    Set<String> copd = withCodes(jdbc, entries, "copd-conditions");
    Set<String> diabetes = withCodes(jdbc, entries, "diabetes-conditions");
    Set<String> frail =
        new HashSet<>(
            jdbc.queryForList(
                "select patient_id from cp_risk_result where model = 'efi' and band in"
                    + " ('moderate', 'severe')",
                String.class));
    Map<String, List<String>> cohorts = new LinkedHashMap<>();
    int copdSeen = 0;
    for (String patient : patients) {
      String pathway;
      if (palliative.contains(patient)) {
        pathway = "end-of-life";
      } else if (copd.contains(patient)) {
        pathway = copdSeen++ % 2 == 0 ? "hot-clinic" : "copd-post-discharge";
      } else if (diabetes.contains(patient)) {
        pathway = "diabetes";
      } else if (frail.contains(patient)) {
        pathway = "frailty";
      } else {
        pathway = "care-homes";
      }
      cohorts.computeIfAbsent(pathway, k -> new ArrayList<>()).add(patient);
    }
    return cohorts;
  }

  private static Set<String> withCodes(
      JdbcTemplate jdbc, List<ConformancePackage.Entry> entries, String valueSetId) {
    String url = "https://fhir.carepath.org/ValueSet/" + valueSetId;
    ValueSet valueSet =
        entries.stream()
            .map(ConformancePackage.Entry::resource)
            .filter(r -> r instanceof ValueSet vs && url.equals(vs.getUrl()))
            .map(ValueSet.class::cast)
            .findFirst()
            .orElseThrow();
    Set<String> found = new HashSet<>();
    List<ValueSet> terminology =
        entries.stream()
            .map(ConformancePackage.Entry::resource)
            .filter(ValueSet.class::isInstance)
            .map(ValueSet.class::cast)
            .toList();
    for (Code code : ValueSetCodes.enumerated(valueSet, terminology)) {
      found.addAll(
          jdbc.queryForList(
              "select distinct patient_id from cp_risk_fact where kind = 'E' and system = ? and"
                  + " code = ?",
              String.class,
              code.system(),
              code.code()));
    }
    return found;
  }

  /** Enrols one patient; answers the pathway and outcome. */
  private static String enrol(
      HttpClient http, String base, String token, String patient, String pathway, int daysBack)
      throws Exception {
    StringBuilder body =
        new StringBuilder(
            "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"pathway\",\"valueString\":\""
                + pathway
                + "\"}");
    if (pathway.equals("care-homes")) {
      body.append(
          ",{\"name\":\"setting\",\"valueReference\":{\"reference\":\"Organization/demo-care-home-"
              + (1 + Math.abs(patient.hashCode()) % 2)
              + "\"}}");
    }
    if (daysBack > 0) {
      body.append(
          ",{\"name\":\"start\",\"valueDateTime\":\""
              + Instant.now().minus(Duration.ofDays(daysBack))
              + "\"}");
    }
    body.append("]}");
    JsonNode answer =
        JSON.readTree(
            send(
                http, post(base + "/Patient/" + patient + "/$enrol", token, body.toString()), 200));
    String outcome = "?";
    for (JsonNode parameter : answer.get("parameter")) {
      String name = parameter.get("name").asText();
      if ("outcome".equals(name)) {
        outcome = parameter.path("valueCode").asText(parameter.path("valueString").asText());
      }
    }
    return pathway + ":" + outcome;
  }
}
