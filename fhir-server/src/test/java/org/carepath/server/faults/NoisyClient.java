package org.carepath.server.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A misbehaving GP system: searches as fast as its threads can send them, signing in again when its
 * token is refused, and counts the answers by status. The soak runs one beside the well-behaved GP
 * to show the rate limit holds it back and nobody else.
 */
final class NoisyClient implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String fhirBase;
  private final Supplier<String> signIn;
  private final ExecutorService threads;
  private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final long started = System.nanoTime();
  private volatile long stopped;
  private volatile String token;
  private volatile boolean running = true;

  NoisyClient(String fhirBase, Supplier<String> signIn, int threads) {
    this.fhirBase = fhirBase;
    this.signIn = signIn;
    this.token = signIn.get();
    this.threads = Executors.newFixedThreadPool(Math.max(1, threads));
    for (int i = 0; i < threads; i++) {
      this.threads.submit(this::hammer);
    }
  }

  private void hammer() {
    while (running) {
      String outcome;
      try {
        HttpResponse<Void> response =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase + "/Organization?_count=1"))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(15))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        outcome = Integer.toString(response.statusCode());
        if (response.statusCode() == 401) {
          token = signIn.get();
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception failed) {
        outcome = failed.getClass().getSimpleName();
      }
      statuses.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
    }
  }

  /** Requests answered with this status so far. */
  int answered(int status) {
    AtomicInteger n = statuses.get(Integer.toString(status));
    return n == null ? 0 : n.get();
  }

  /** Requests served (200) per second, over the time it ran. */
  double servedPerSecond() {
    long end = stopped == 0 ? System.nanoTime() : stopped;
    return answered(200) / ((end - started) / 1e9);
  }

  Map<String, Integer> statusCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    statuses.forEach((status, n) -> counts.put(status, n.get()));
    return counts;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    threads.shutdown();
    threads.awaitTermination(30, TimeUnit.SECONDS);
    stopped = System.nanoTime();
  }
}
