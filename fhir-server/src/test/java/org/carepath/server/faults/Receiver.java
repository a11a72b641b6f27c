package org.carepath.server.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A subscriber's rest-hook endpoint on a fixed loopback port that can misbehave as receivers do:
 * down (connections refused), failing (500 to everything), hanging (holding each request 30 s, then
 * dropping it) or up. Records each Task version it accepted, in arrival order, and when.
 */
final class Receiver implements AutoCloseable {

  enum Mode {
    UP,
    FAILING,
    HANGING
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
  private volatile Mode mode = Mode.UP;
  private HttpServer server;

  Receiver() throws IOException {
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    up();
  }

  /** Listening and answering normally. */
  void up() throws IOException {
    mode = Mode.UP;
    if (server != null) {
      return;
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          Mode now = mode;
          if (now == Mode.HANGING) {
            try {
              Thread.sleep(30_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
          }
          if (now == Mode.UP && body.length > 0) {
            JsonNode task = JSON.readTree(new String(body, StandardCharsets.UTF_8));
            String version =
                task.path("id").asText() + "/" + task.path("meta").path("versionId").asText();
            received.add(version);
            firstSeen.putIfAbsent(version, Instant.now());
          }
          exchange.sendResponseHeaders(now == Mode.FAILING ? 500 : 200, -1);
          exchange.close();
        });
    server.start();
  }

  /** Not listening: connections are refused. */
  void down() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  void misbehave(Mode how) {
    mode = how;
  }

  String endpoint() {
    return "http://127.0.0.1:" + port + "/hook";
  }

  List<String> receivedFor(String taskId) {
    return received.stream().filter(r -> r.startsWith(taskId + "/")).toList();
  }

  Instant firstSeen(String version) {
    return firstSeen.get(version);
  }

  String subscription(String criteria) {
    return "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"Fault"
        + " suite\",\"criteria\":\""
        + criteria
        + "\",\"channel\":{\"type\":\"rest-hook\",\"endpoint\":\""
        + endpoint()
        + "\",\"payload\":\"application/fhir+json\"}}";
  }

  @Override
  public void close() {
    down();
  }
}
