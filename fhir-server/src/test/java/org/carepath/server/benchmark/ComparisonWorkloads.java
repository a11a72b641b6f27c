package org.carepath.server.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The workloads of the plain-HAPI comparison, each run against one {@link ComparedServer} from
 * {@code clients} concurrent clients: (a) caseload transaction Bundles, (b) Synthea-shaped
 * transaction Bundles, (c) single-resource creates and reads, (d) a search mix by patient, by code
 * and with {@code _include}. Every call must succeed (a failure stops the benchmark: a faster
 * server that refuses work is not faster); searches count what they return, so both sides can be
 * seen to answer the same.
 */
final class ComparisonWorkloads {

  /** What one workload did on one server. */
  record Measured(String workload, String unit, long amount, double seconds, List<Long> micros) {
    double rate() {
      return amount / seconds;
    }

    double percentileMillis(int percentile) {
      List<Long> sorted = new ArrayList<>(micros);
      Collections.sort(sorted);
      int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
      return sorted.get(Math.max(0, index)) / 1000.0;
    }
  }

  /** A call's time and its answer. */
  private record Answer(long micros, String body) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Codes the records carry, for searches by code (Conditions: SNOMED; Observations: LOINC). */
  private static final List<String> CODE_SEARCHES =
      List.of(
          "Condition?code=http://snomed.info/sct|44054006",
          "Condition?code=http://snomed.info/sct|38341003",
          "Condition?code=http://snomed.info/sct|13645005",
          "Observation?code=http://loinc.org|59261-8",
          "Observation?code=http://loinc.org|39156-5",
          "Observation?code=http://loinc.org|85354-9");

  private final ComparedServer server;
  private final HttpClient http = ComparedServer.client();

  ComparisonWorkloads(ComparedServer server) {
    this.server = server;
  }

  /**
   * (a) and (b): posts each Bundle as a transaction; answers the resources stored per second and,
   * in {@code patients}, the id of each Bundle's first entry (its Patient).
   */
  Measured ingest(
      String workload, List<String> bundles, long resources, int clients, List<String> patients)
      throws Exception {
    List<HttpRequest> requests = new ArrayList<>();
    for (String bundle : bundles) {
      requests.add(post("", bundle));
    }
    long started = System.nanoTime();
    List<Answer> answers = run(requests, 200, clients);
    double seconds = (System.nanoTime() - started) / 1e9;
    for (Answer answer : answers) {
      String location =
          JSON.readTree(answer.body())
              .path("entry")
              .path(0)
              .path("response")
              .path("location")
              .asText();
      patients.add(location.substring(0, location.indexOf("/_history")));
    }
    return new Measured(workload, "resources/s", resources, seconds, micros(answers));
  }

  /**
   * (c) creates: one Observation per call for the patients in turn; answers creates per second and,
   * in {@code created}, the ids made.
   */
  Measured creates(List<String> patients, int count, int clients, List<String> created)
      throws Exception {
    List<HttpRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String body =
          "{\"resourceType\":\"Observation\",\"status\":\"final\","
              + "\"category\":[{\"coding\":[{\"system\":"
              + "\"http://terminology.hl7.org/CodeSystem/observation-category\","
              + "\"code\":\"vital-signs\"}]}],"
              + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8867-4\","
              + "\"display\":\"Heart rate\"}],\"text\":\"Heart rate\"},"
              + "\"subject\":{\"reference\":\""
              + patients.get(i % patients.size())
              + "\"},\"effectiveDateTime\":\"2026-11-0"
              + (1 + i % 9)
              + "T10:00:00Z\",\"valueQuantity\":{\"value\":"
              + (55 + i % 40)
              + ",\"unit\":\"/min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"}}";
      requests.add(post("Observation", body));
    }
    long started = System.nanoTime();
    List<Answer> answers = run(requests, 201, clients);
    double seconds = (System.nanoTime() - started) / 1e9;
    // For a 201, run() answers the new id (from the Location header) in place of the body.
    for (Answer answer : answers) {
      created.add(answer.body());
    }
    return new Measured("(c) create", "creates/s", count, seconds, micros(answers));
  }

  /** (c) reads: each id read in turn, {@code count} reads. */
  Measured reads(List<String> ids, int count, int clients) throws Exception {
    List<HttpRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(server.request(ids.get(i % ids.size())).GET().build());
    }
    long started = System.nanoTime();
    List<Answer> answers = run(requests, 200, clients);
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Measured("(c) read", "reads/s", count, seconds, micros(answers));
  }

  /**
   * (d) the search mix, in turn: a patient's Observations; Conditions or Observations by code; a
   * patient's Encounters with their service provider included. Answers searches per second; {@code
   * found} gets the number of resources each kind of search returned, in that order.
   */
  Measured searches(List<String> patients, int count, int clients, long[] found) throws Exception {
    List<HttpRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String patient = patients.get((i * 7) % patients.size());
      String query =
          switch (i % 3) {
            case 0 -> "Observation?subject=" + patient + "&_count=50";
            case 1 -> CODE_SEARCHES.get((i / 3) % CODE_SEARCHES.size()) + "&_count=20";
            default ->
                "Encounter?subject=" + patient + "&_include=Encounter:service-provider&_count=20";
          };
      // Fresh results on both sides: plain HAPI's default answers a repeated search from the
      // previous minute's results (Carepath's does not: a worklist shows what was just written).
      requests.add(
          server.request(encoded(query)).header("Cache-Control", "no-cache").GET().build());
    }
    long started = System.nanoTime();
    List<Answer> answers = run(requests, 200, clients);
    double seconds = (System.nanoTime() - started) / 1e9;
    for (int i = 0; i < answers.size(); i++) {
      JsonNode entries = JSON.readTree(answers.get(i).body()).path("entry");
      found[i % 3] += entries.size();
    }
    return new Measured("(d) search", "searches/s", count, seconds, micros(answers));
  }

  /**
   * (e) the same kind of records as (a), loaded by FHIR Bulk Data {@code $import} from NDJSON files
   * instead of transaction Bundles: from the request until the job's status is 200 (polled every
   * 100 ms); answers resources stored per second, one timing for the whole import.
   */
  Measured bulkImport(String workload, NdjsonFiles files) throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> accepted =
        BenchmarkHttp.exchange(
            http,
            server
                .request("$import")
                .header("Prefer", "respond-async")
                .POST(ComparedServer.bodyOf(files.manifest()))
                .build(),
            202);
    String status = accepted.headers().firstValue("Content-Location").orElseThrow();
    String statusPath = status.substring(status.indexOf("$import-poll-status"));
    while (true) {
      HttpResponse<String> polled =
          http.send(server.request(statusPath).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (polled.statusCode() == 200) {
        break;
      }
      if (polled.statusCode() != 202) {
        throw new IllegalStateException(
            "$import failed: " + polled.statusCode() + " " + polled.body());
      }
      Thread.sleep(100);
    }
    long micros = (System.nanoTime() - started) / 1000;
    return new Measured(workload, "resources/s", files.resources(), micros / 1e6, List.of(micros));
  }

  /** A POST of {@code body} to {@code path}, answered without the resource (as GP systems ask). */
  private HttpRequest post(String path, String body) {
    return server
        .request(path)
        .header("Prefer", "return=minimal")
        .POST(ComparedServer.bodyOf(body))
        .build();
  }

  /** The query with each parameter value URL-encoded (the | of a token, the : of an include). */
  private static String encoded(String query) {
    int question = query.indexOf('?');
    StringBuilder url = new StringBuilder(query.substring(0, question + 1));
    String[] parameters = query.substring(question + 1).split("&");
    for (int i = 0; i < parameters.length; i++) {
      int equals = parameters[i].indexOf('=');
      url.append(i == 0 ? "" : "&")
          .append(parameters[i], 0, equals + 1)
          .append(URLEncoder.encode(parameters[i].substring(equals + 1), StandardCharsets.UTF_8));
    }
    return url.toString();
  }

  private static List<Long> micros(List<Answer> answers) {
    return answers.stream().map(Answer::micros).toList();
  }

  /**
   * Sends every request from {@code clients} threads; answers each call's time and body (for a 201,
   * the Location header's resource id), in the order given.
   */
  private List<Answer> run(List<HttpRequest> requests, int expected, int clients) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Answer>> futures = new ArrayList<>();
      for (HttpRequest request : requests) {
        futures.add(
            pool.submit(
                () -> {
                  long start = System.nanoTime();
                  HttpResponse<String> response = BenchmarkHttp.exchange(http, request, expected);
                  long micros = (System.nanoTime() - start) / 1000;
                  if (expected == 201) {
                    String location = response.headers().firstValue("Location").orElseThrow();
                    String path = location.substring(location.indexOf("/fhir/") + 6);
                    return new Answer(micros, path.substring(0, path.indexOf("/_history")));
                  }
                  return new Answer(micros, response.body());
                }));
      }
      List<Answer> answers = new ArrayList<>();
      for (Future<Answer> future : futures) {
        answers.add(future.get());
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }
}
