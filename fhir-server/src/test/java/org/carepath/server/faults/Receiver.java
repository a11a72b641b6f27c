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

/**
 * A subscriber's rest-hook endpoint on a fixed loopback port that can be taken down (connections
 * refused) and brought back: records each Task version it is sent, in arrival order, and when.
 */
final class Receiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
  private HttpServer server;

  Receiver() throws IOException {
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    up();
  }

  void up() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          if (body.length > 0) {
            JsonNode task = JSON.readTree(new String(body, StandardCharsets.UTF_8));
            String version =
                task.path("id").asText() + "/" + task.path("meta").path("versionId").asText();
            received.add(version);
            firstSeen.putIfAbsent(version, Instant.now());
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  void down() {
    server.stop(0);
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
    server.stop(0);
  }
}
