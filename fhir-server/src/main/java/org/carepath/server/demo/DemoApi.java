package org.carepath.server.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The server's own FHIR API over loopback, called as a demo person with a token from the
 * development issuer — exactly as the web app or a GP system calls it, so the demo's live work goes
 * through every rule a user's does.
 */
final class DemoApi {

  /** A response: its status, the resource it carried (if any) and its Content-Location. */
  record Answer(int status, Optional<IBaseResource> resource, Optional<String> contentLocation) {

    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final String tokenEndpoint;
  private final IParser parser;
  private final Map<String, String> tokens = new HashMap<>();

  DemoApi(String base, String tokenEndpoint, FhirContext fhirContext) {
    this.base = base;
    this.tokenEndpoint = tokenEndpoint;
    this.parser = fhirContext.newJsonParser();
  }

  Answer get(String user, String path) {
    return send(user, HttpRequest.newBuilder(uri(path)).GET(), Map.of());
  }

  /** Every match of a search (first page, up to the count asked). */
  <T extends Resource> List<T> search(String user, String path, Class<T> type) {
    Answer answer = get(user, path);
    if (!answer.ok() || answer.resource().isEmpty()) {
      throw new IllegalStateException(
          "Search " + type.getSimpleName() + " answered " + answer.status());
    }
    return ((Bundle) answer.resource().get())
        .getEntry().stream()
            .map(Bundle.BundleEntryComponent::getResource)
            .filter(type::isInstance)
            .map(type::cast)
            .toList();
  }

  Answer post(String user, String path, IBaseResource body, Map<String, String> headers) {
    return send(
        user,
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(parser.encodeResourceToString(body))),
        headers);
  }

  Answer post(String user, String path, IBaseResource body) {
    return post(user, path, body, Map.of());
  }

  Answer put(String user, Resource body) {
    String ifMatch =
        body.getMeta().hasVersionId() ? "W/\"" + body.getMeta().getVersionId() + "\"" : null;
    return send(
        user,
        HttpRequest.newBuilder(uri(body.fhirType() + "/" + body.getIdElement().getIdPart()))
            .PUT(HttpRequest.BodyPublishers.ofString(parser.encodeResourceToString(body))),
        ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
  }

  private Answer send(String user, HttpRequest.Builder request, Map<String, String> headers) {
    request
        .header("Authorization", "Bearer " + token(user))
        .header("Accept", "application/fhir+json")
        .header("Content-Type", "application/fhir+json")
        .timeout(Duration.ofSeconds(60));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      Optional<IBaseResource> resource =
          body == null || body.isBlank()
              ? Optional.empty()
              : Optional.of(parser.parseResource(body));
      return new Answer(
          response.statusCode(), resource, response.headers().firstValue("Content-Location"));
    } catch (IOException e) {
      throw new IllegalStateException("The server could not be called on " + base, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    // A token search's system|code separator is not legal in a URI as it stands.
    return URI.create(base + "/" + path.replace("|", "%7C"));
  }

  private String token(String user) {
    return tokens.computeIfAbsent(user, this::passwordGrant);
  }

  private String passwordGrant(String user) {
    String form =
        "grant_type=password&client_id=carepath-web&password=demo&username="
            + URLEncoder.encode(user, StandardCharsets.UTF_8);
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(tokenEndpoint))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new ObjectMapper().readTree(response.body()).path("access_token").asText();
    } catch (IOException e) {
      throw new IllegalStateException("The development issuer did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
