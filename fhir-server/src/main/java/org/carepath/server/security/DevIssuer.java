package org.carepath.server.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * A real OIDC issuer for local use, running in-process on 127.0.0.1 (no.nav.security
 * mock-oauth2-server): discovery document, JWKS, and a token endpoint for the password and client
 * credentials grants, signing RS256 tokens shaped like Keycloak's ({@code realm_access.roles}), and
 * an authorization endpoint (code flow with PKCE, for the web app) whose sign-in page lists the
 * demo accounts ({@link DevSignInPage}).
 *
 * <p>It does not check passwords: it exists so a developer can run Carepath with no identity
 * provider installed. It never starts when {@code carepath.security.issuer-uri} is set (see
 * docs/adr/0002-development-token-issuer.md and docs/security.md).
 */
public class DevIssuer {

  static final String ISSUER_ID = "carepath";
  static final String AUDIENCE = "carepath";

  private final MockOAuth2Server server;
  private final int requestedPort;
  private final Path signInPage;

  DevIssuer(List<DevAccount> accounts, int port, long tokenLifetimeSeconds) {
    this.signInPage = DevSignInPage.write(accounts);
    this.server =
        new MockOAuth2Server(
            OAuth2Config.Companion.fromJson(config(accounts, tokenLifetimeSeconds, signInPage)));
    this.requestedPort = port;
  }

  void start() {
    try {
      server.start(InetAddress.getLoopbackAddress(), requestedPort);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) { // Kotlin does not declare the IOException a busy port throws
      throw new IllegalStateException(
          "The development token issuer could not listen on 127.0.0.1:"
              + requestedPort
              + " (set carepath.security.dev-issuer.port)",
          e);
    }
  }

  /** Stops listening; called when the application stops. */
  public void stop() throws IOException {
    server.shutdown();
    Files.deleteIfExists(signInPage);
  }

  /** The issuer URL, as {@code iss} states it when tokens are requested through localhost. */
  public String issuerUri() {
    return "http://localhost:" + port() + "/" + ISSUER_ID;
  }

  /** Issuer URLs this issuer's tokens may carry (it names itself after the host asked). */
  Set<String> acceptedIssuers() {
    return Set.of(issuerUri(), "http://127.0.0.1:" + port() + "/" + ISSUER_ID);
  }

  public String tokenEndpoint() {
    return issuerUri() + "/token";
  }

  String jwksUri() {
    return "http://127.0.0.1:" + port() + "/" + ISSUER_ID + "/jwks";
  }

  public int port() {
    return server.baseUrl().port();
  }

  /** The running server, for tests that need to sign unusual tokens with the real key. */
  MockOAuth2Server server() {
    return server;
  }

  private static String config(
      List<DevAccount> accounts, long tokenLifetimeSeconds, Path signInPage) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    // The authorization endpoint (the web app's code + PKCE sign-in) shows a page to pick a demo
    // account; the password and client-credentials grants are unchanged.
    root.put("interactiveLogin", true);
    root.put("loginPagePath", signInPage.toString());
    root.put("httpServer", "MockWebServerWrapper");
    ObjectNode callback = root.putArray("tokenCallbacks").addObject();
    callback.put("issuerId", ISSUER_ID);
    callback.put("tokenExpiry", tokenLifetimeSeconds);
    ArrayNode mappings = callback.putArray("requestMappings");
    for (DevAccount account : accounts) {
      ObjectNode mapping = mappings.addObject();
      mapping.put("requestParam", account.system() ? "client_id" : "username");
      mapping.put("match", account.login());
      mapping.set("claims", claims(account));
    }
    return root.toString();
  }

  /** The claims of the account's tokens, shaped like Keycloak's. */
  static ObjectNode claims(DevAccount account) {
    ObjectNode claims = new ObjectMapper().createObjectNode();
    claims.put("sub", account.login());
    claims.putArray("aud").add(AUDIENCE);
    claims.put("preferred_username", account.login());
    claims.put("name", account.displayName());
    claims.putObject(CarepathUser.ROLES_CLAIM).putArray("roles").add(account.role().code());
    claims.put(CarepathUser.ORGANISATION_CLAIM, account.organisationOdsCode());
    account.practitioner().ifPresent(p -> claims.put(CarepathUser.PRACTITIONER_CLAIM, p));
    if (account.system()) {
      // Keycloak names a service account's client as the authorised party; the rate limit uses it.
      claims.put("azp", account.login());
    }
    return claims;
  }
}
