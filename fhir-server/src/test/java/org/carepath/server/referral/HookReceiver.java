package org.carepath.server.referral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subscriber's rest-hook endpoint, a real HTTP server on loopback: records each Task it is sent
 * as {@code id/version}, in arrival order, and can refuse (503) the next deliveries, as a receiver
 * that is down.
 */
final class HookReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicInteger refuseNext = new AtomicInteger();
  private final HttpServer server;

  HookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          int status = 200;
          if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 503;
          } else if (body.length > 0) {
            JsonNode task = JSON.readTree(new String(body, StandardCharsets.UTF_8));
            received.add(
                task.path("id").asText() + "/" + task.path("meta").path("versionId").asText());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
              authorizations.add(authorization);
            }
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  void refuseNext(int deliveries) {
    refuseNext.set(deliveries);
  }

  int refusalsLeft() {
    return refuseNext.get();
  }

  /** The Authorization headers deliveries came with. */
  List<String> authorizations() {
    return authorizations;
  }

  /** What was received for the Task, in order. */
  List<String> receivedFor(String taskId) {
    return received.stream().filter(r -> r.startsWith(taskId + "/")).toList();
  }

  /** A rest-hook Subscription to this receiver, as JSON. */
  String subscription(String criteria, String channelType) {
    return "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"Our"
        + " referrals\",\"criteria\":\""
        + criteria
        + "\",\"channel\":{\"type\":\""
        + channelType
        + "\",\"endpoint\":\""
        + endpoint()
        + "\",\"payload\":\"application/fhir+json\",\"header\":[\"Authorization: Bearer hook-secret\"]}}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
