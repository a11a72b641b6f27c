package org.carepath.server.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The FHIR calls benchmarks make over HTTP with a bearer token, and their percentiles. */
final class BenchmarkHttp {

  private BenchmarkHttp() {}

  static double percentile(List<Double> values, int p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }

  static HttpRequest post(String url, String token, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  static HttpRequest put(String url, String token, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/fhir+json")
        .PUT(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  static HttpRequest get(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token)
        .GET()
        .build();
  }

  /** Sends the request; answers its body, or fails naming the call and the answer. */
  static String send(HttpClient http, HttpRequest request, int expected) throws Exception {
    return exchange(http, request, expected).body();
  }

  /**
   * Sends the request; answers the response (headers too), or fails naming the call and the
   * answer's status and the start of its body.
   */
  static HttpResponse<String> exchange(HttpClient http, HttpRequest request, int expected)
      throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      String body = response.body();
      throw new IllegalStateException(
          request.method()
              + " "
              + request.uri()
              + " answered "
              + response.statusCode()
              + ": "
              + body.substring(0, Math.min(body.length(), 2000)));
    }
    return response;
  }

  /**
   * {@code -Dbenchmark.jfr=<file>}: a flight recording of a benchmark's timed run (JFR's default
   * settings, about 1 % overhead), for finding where its time goes; null when not asked for.
   */
  static jdk.jfr.Recording startRecording() throws Exception {
    String file = System.getProperty("benchmark.jfr", "");
    if (file.isBlank()) {
      return null;
    }
    jdk.jfr.Recording recording =
        new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("default"));
    recording.setDestination(java.nio.file.Path.of(file));
    recording.start();
    return recording;
  }
}
