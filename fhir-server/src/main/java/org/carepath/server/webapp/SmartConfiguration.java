package org.carepath.server.webapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET /fhir/.well-known/smart-configuration} (SMART App Launch 2.x): how a SMART app or an
 * EHR signs in to this server — the issuer's endpoints (read from its OpenID discovery document,
 * once), the grants, PKCE S256, the scopes and the launch capabilities. Public, as the
 * specification requires; it grants nothing.
 */
class SmartConfiguration extends HttpServlet {

  private final transient WebAppSettings settings;
  private final transient ObjectMapper json = new ObjectMapper();
  private transient volatile JsonNode discovery;

  SmartConfiguration(WebAppSettings settings) {
    this.settings = settings;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    JsonNode issuer;
    try {
      issuer = discovery();
    } catch (IOException | RuntimeException e) {
      response.setStatus(503);
      response.setContentType("application/fhir+json");
      response.setHeader("Retry-After", "10");
      json.writeValue(
          response.getOutputStream(),
          json.createObjectNode()
              .put("resourceType", "OperationOutcome")
              .set(
                  "issue",
                  json.createArrayNode()
                      .add(
                          json.createObjectNode()
                              .put("severity", "error")
                              .put("code", "transient")
                              .put(
                                  "diagnostics",
                                  "The identity provider's discovery document could not be read;"
                                      + " try again shortly."))));
      return;
    }
    ObjectNode body = json.createObjectNode();
    body.put("issuer", settings.issuer());
    body.set("jwks_uri", issuer.path("jwks_uri"));
    body.set("authorization_endpoint", issuer.path("authorization_endpoint"));
    body.set("token_endpoint", issuer.path("token_endpoint"));
    if (issuer.has("introspection_endpoint")) {
      body.set("introspection_endpoint", issuer.path("introspection_endpoint"));
    }
    array(body, "grant_types_supported", List.of("authorization_code", "client_credentials"));
    array(
        body,
        "token_endpoint_auth_methods_supported",
        List.of("client_secret_basic", "client_secret_post"));
    array(body, "response_types_supported", List.of("code"));
    array(body, "code_challenge_methods_supported", List.of("S256"));
    array(body, "scopes_supported", List.of("openid", "profile", "offline_access"));
    array(
        body,
        "capabilities",
        List.of(
            "launch-standalone",
            "client-public",
            "client-confidential-symmetric",
            "sso-openid-connect",
            "permission-user"));
    response.setStatus(200);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "public, max-age=300");
    json.writeValue(response.getOutputStream(), body);
  }

  private void array(ObjectNode body, String name, List<String> values) {
    values.forEach(body.putArray(name)::add);
  }

  /** The issuer's OpenID configuration, read once (it does not change while the server runs). */
  private JsonNode discovery() throws IOException {
    JsonNode known = discovery;
    if (known != null) {
      return known;
    }
    try {
      HttpResponse<String> answer =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(settings.issuer() + "/.well-known/openid-configuration"))
                      .timeout(Duration.ofSeconds(10))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IOException("discovery answered " + answer.statusCode());
      }
      known = json.readTree(answer.body());
      discovery = known;
      return known;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
