package org.carepath.server.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Waiting for a process a test started to answer 200 on a URL (or to die trying). */
public final class StartedProcess {

  private StartedProcess() {}

  /**
   * Waits until {@code url} answers 200; fails naming {@code what} and its log if the process stops
   * first or {@code limit} passes.
   */
  public static void awaitReady(Process process, String url, Duration limit, String what, Path log)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            what + " stopped while starting (exit " + process.exitValue() + "); log: " + log);
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(what + " did not start within " + limit + "; log: " + log);
  }
}
