package org.carepath.server.benchmark;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.util.FhirTerser;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Records as a GP system's bulk extract: each transaction Bundle's resources given ids of their own
 * (their {@code urn:uuid} references rewritten to them), one NDJSON file per type, served on
 * loopback for FHIR Bulk Data {@code $import} ({@code
 * http://127.0.0.1:<port>/ndjson/<Type>.ndjson}).
 */
final class NdjsonFiles implements AutoCloseable {

  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final long resources;
  private final HttpServer server;

  private NdjsonFiles(Map<String, StringBuilder> byType, long resources) throws IOException {
    byType.forEach(
        (type, lines) -> files.put(type, lines.toString().getBytes(StandardCharsets.UTF_8)));
    this.resources = resources;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/ndjson/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String type = path.substring("/ndjson/".length()).replace(".ndjson", "");
          byte[] body = files.get(type);
          exchange.getResponseHeaders().add("Content-Type", "application/fhir+ndjson");
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          if (body != null) {
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
  }

  /** The Bundles' resources as NDJSON files, ids {@code <prefix><bundle>-<entry>}. */
  static NdjsonFiles of(List<Bundle> bundles, String prefix) throws IOException {
    FhirContext fhir = FhirContext.forR4Cached();
    IParser parser = fhir.newJsonParser();
    FhirTerser terser = fhir.newTerser();
    Map<String, StringBuilder> byType = new LinkedHashMap<>();
    long count = 0;
    for (int b = 0; b < bundles.size(); b++) {
      Map<String, String> ids = new HashMap<>();
      List<Bundle.BundleEntryComponent> entries = bundles.get(b).getEntry();
      for (int e = 0; e < entries.size(); e++) {
        Resource resource = entries.get(e).getResource();
        String id = prefix + b + "-" + e;
        ids.put(entries.get(e).getFullUrl(), resource.fhirType() + "/" + id);
        resource.setId(id);
      }
      for (Bundle.BundleEntryComponent entry : entries) {
        Resource resource = entry.getResource();
        for (Reference reference :
            terser.getAllPopulatedChildElementsOfType(resource, Reference.class)) {
          String target = ids.get(reference.getReference());
          if (target != null) {
            reference.setReference(target);
          }
        }
        byType
            .computeIfAbsent(resource.fhirType(), type -> new StringBuilder())
            .append(parser.encodeResourceToString(resource))
            .append('\n');
        count++;
      }
    }
    return new NdjsonFiles(byType, count);
  }

  /** Where the files are served from: the source {@code $import} must allow. */
  String source() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/ndjson/";
  }

  /** The types there are files of. */
  List<String> types() {
    return List.copyOf(files.keySet());
  }

  long resources() {
    return resources;
  }

  /** The {@code $import} request for every file, as HAPI reads it. */
  String manifest() {
    StringBuilder body =
        new StringBuilder(
            "{\"resourceType\":\"Parameters\",\"parameter\":["
                + "{\"name\":\"inputFormat\",\"valueCode\":\"application/fhir+ndjson\"},"
                + "{\"name\":\"inputSource\",\"valueUri\":\"https://gp-system.example\"},"
                + "{\"name\":\"storageDetail\",\"part\":[{\"name\":\"type\","
                + "\"valueCode\":\"https\"}]}");
    for (String type : files.keySet()) {
      body.append(",{\"name\":\"input\",\"part\":[{\"name\":\"type\",\"valueCode\":\"")
          .append(type)
          .append("\"},{\"name\":\"url\",\"valueUri\":\"")
          .append(source())
          .append(type)
          .append(".ndjson\"}]}");
    }
    return body.append("]}").toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
