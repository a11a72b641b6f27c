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
 * A referral sender's own {@code $process-message} endpoint (BaRS reverses the roles for
 * responses), a real HTTP server on loopback: records each message it is sent, with its {@code
 * X-Correlation-ID}, in arrival order, and can refuse (503) the next deliveries, as a sender whose
 * system is down.
 */
final class MessageReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A message as received: its JSON and the correlation id it came with. */
  record Received(JsonNode message, String correlationId) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger refuseNext = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final HttpServer server;

  MessageReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/bars/$process-message",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          int status = 200;
          if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 503;
            refused.incrementAndGet();
          } else {
            received.add(
                new Received(
                    JSON.readTree(new String(body, StandardCharsets.UTF_8)),
                    exchange.getRequestHeaders().getFirst("X-Correlation-ID")));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  /** The address a sender names as {@code MessageHeader.source.endpoint}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/bars";
  }

  void refuseNext(int deliveries) {
    refuseNext.set(deliveries);
  }

  int refused() {
    return refused.get();
  }

  List<Received> received() {
    return received;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
