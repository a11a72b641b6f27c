package org.carepath.server.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carepath.server.demo.PopulationLoader;
import org.carepath.server.security.DevIssuer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Pathway engine figures over HTTP: enrolments per second (care homes pathway, {@code
 * benchmark.enrolments} patients of one PCN, 4 clients), p50/p95 of {@code $worklist} for that PCN,
 * and p50/p95 of a step completion whose dependant opens in the same request (the time until the
 * dependant is ready). Prints figures and ratios to the goals (worklist p95 200 ms, advance p95 100
 * ms).
 *
 * <p>{@code mvn -B -pl fhir-server -am -Pbenchmark-pathway verify [-Dbenchmark.enrolments=1000]}
 */
public final class PathwayBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PCN_1_PRACTICES =
      List.of("Organization/demo-practice-1", "Organization/demo-practice-2");

  private PathwayBenchmark() {}

  public static void main(String[] args) throws Exception {
    int enrolments = Integer.getInteger("benchmark.enrolments", 1000);
    int samples = Integer.getInteger("benchmark.sample", 200);
    Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pathway-data-");
    try (ConfigurableApplicationContext server =
        BenchmarkServer.start(dataDir, "--carepath.pathway.diabetes-trigger=none")) {
      String base = BenchmarkServer.fhirBase(server);
      String token =
          PopulationLoader.clientToken(
              server.getBean(DevIssuer.class).tokenEndpoint(), "gp-system", "demo");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

      List<String> patients = new ArrayList<>();
      for (int i = 0; i < enrolments; i++) {
        String body =
            "{\"resourceType\":\"Patient\",\"birthDate\":\"1940-01-01\",\"generalPractitioner\":"
                + "[{\"reference\":\""
                + PCN_1_PRACTICES.get(i % 2)
                + "\"}]}";
        patients.add(
            JSON.readTree(send(http, post(base + "/Patient", token, body), 201))
                .get("id")
                .asText());
      }

      ExecutorService pool = Executors.newFixedThreadPool(4);
      long started = System.nanoTime();
      List<Future<String>> enrolled = new ArrayList<>();
      for (String patient : patients) {
        enrolled.add(pool.submit(() -> enrol(http, base, token, patient)));
      }
      List<String> assessments = new ArrayList<>();
      for (Future<String> f : enrolled) {
        assessments.add(f.get());
      }
      double enrolSeconds = (System.nanoTime() - started) / 1e9;
      pool.shutdown();

      List<Double> worklist = new ArrayList<>();
      int openSteps = 0;
      for (int i = 0; i < 50; i++) {
        long t = System.nanoTime();
        String answer =
            send(http, get(base + "/$worklist?pcn=Organization/demo-pcn-1", token), 200);
        worklist.add((System.nanoTime() - t) / 1e6);
        if (i == 0) {
          for (JsonNode group : JSON.readTree(answer).get("parameter")) {
            if ("pathway".equals(group.get("name").asText())) {
              for (JsonNode part : group.get("part")) {
                String name = part.get("name").asText();
                if (name.equals("overdue") || name.equals("dueSoon")) {
                  openSteps += part.get("valueInteger").asInt();
                }
              }
            }
          }
        }
      }

      List<Double> advance = new ArrayList<>();
      for (String taskId : assessments.subList(0, Math.min(samples, assessments.size()))) {
        ObjectNode task =
            (ObjectNode) JSON.readTree(send(http, get(base + "/Task/" + taskId, token), 200));
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
        advance.add((System.nanoTime() - t) / 1e6);
      }

      double worklistP95 = percentile(worklist, 95);
      double advanceP95 = percentile(advance, 95);
      System.out.printf(
          Locale.ROOT,
          "enrolments: %d in %.1f s = %.1f enrolments/s (6 steps each)%n"
              + "worklist (PCN with %d steps due or overdue in the window, 50 calls): p50 %.0f ms, p95 %.0f ms"
              + " (goal 200 ms: %.2fx)%n"
              + "step advance (complete assessment → PCSP ready, %d calls): p50 %.0f ms, p95 %.0f ms"
              + " (goal 100 ms: %.2fx)%n",
          enrolments,
          enrolSeconds,
          enrolments / enrolSeconds,
          openSteps,
          percentile(worklist, 50),
          worklistP95,
          worklistP95 / 200,
          advance.size(),
          percentile(advance, 50),
          advanceP95,
          advanceP95 / 100);
    }
    System.exit(0);
  }

  /** Enrols one patient; answers the id of their assessment step. */
  private static String enrol(HttpClient http, String base, String token, String patient)
      throws Exception {
    String body =
        "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"pathway\",\"valueString\":\"care-homes\"},"
            + "{\"name\":\"setting\",\"valueReference\":{\"reference\":\"Organization/demo-care-home-1\"}}]}";
    JsonNode answer =
        JSON.readTree(send(http, post(base + "/Patient/" + patient + "/$enrol", token, body), 200));
    for (JsonNode parameter : answer.get("parameter")) {
      if ("task".equals(parameter.get("name").asText())
          && "care-home-assessment".equals(parameter.at("/resource/code/coding/0/code").asText())) {
        return parameter.at("/resource/id").asText();
      }
    }
    throw new IllegalStateException("no assessment step");
  }

  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }

  private static HttpRequest post(String url, String token, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static HttpRequest get(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token)
        .GET()
        .build();
  }

  private static String send(HttpClient http, HttpRequest request, int expected) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          request.method()
              + " "
              + request.uri()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return response.body();
  }
}
