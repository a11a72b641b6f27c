package org.carepath.server.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Only tokens from the configured issuer, unexpired and untampered, reach patient data; the
 * CapabilityStatement and health stay public. Every 401 carries an OperationOutcome.
 */
class AuthenticationIT extends ServerTestSupport {

  @Test
  void noTokenIs401WithAnOperationOutcome() {
    anonymous()
        .get("/Patient")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].code", equalTo("login"));
  }

  @Test
  void capabilityStatementAndHealthNeedNoToken() {
    anonymous()
        .get("/metadata")
        .then()
        .statusCode(200)
        .body("resourceType", equalTo("CapabilityStatement"));
    io.restassured.RestAssured.given()
        .get("http://localhost:" + port + "/actuator/health")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"));
  }

  @Test
  void aValidTokenIsAccepted() {
    as("gp").get("/Patient").then().statusCode(200).body("resourceType", equalTo("Bundle"));
  }

  @Test
  void aClientSystemTokenFromClientCredentialsIsAccepted() {
    String token =
        org.carepath.server.support.Tokens.clientCredentials(
            devIssuer.tokenEndpoint(), "gp-system");
    anonymous().auth().oauth2(token).get("/Patient").then().statusCode(200);
  }

  @Test
  void anExpiredTokenFromTheRightIssuerIs401() {
    // Signed with the development issuer's own key: issued two hours ago, expired an hour ago
    // (well beyond the one-minute clock skew allowed). Claims given here override the defaults.
    Instant now = Instant.now();
    Map<String, Object> claims = new HashMap<>(gpClaims());
    claims.put("iat", Date.from(now.minus(Duration.ofHours(2))));
    claims.put("nbf", Date.from(now.minus(Duration.ofHours(2))));
    claims.put("exp", Date.from(now.minus(Duration.ofHours(1))));
    String expired =
        devIssuer
            .server()
            .issueToken(DevIssuer.ISSUER_ID, "gp", DevIssuer.AUDIENCE, claims, 3600)
            .serialize();

    anonymous()
        .auth()
        .oauth2(expired)
        .get("/Patient")
        .then()
        .statusCode(401)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", containsString("expired"));
  }

  @Test
  void aTokenFromAnotherIssuerIs401EvenWithTheRightClaims() throws Exception {
    MockOAuth2Server otherIssuer = new MockOAuth2Server();
    otherIssuer.start();
    try {
      String foreign =
          otherIssuer
              .issueToken(DevIssuer.ISSUER_ID, "gp", DevIssuer.AUDIENCE, gpClaims(), 3600)
              .serialize();

      anonymous()
          .auth()
          .oauth2(foreign)
          .get("/Patient")
          .then()
          .statusCode(401)
          .body("resourceType", equalTo("OperationOutcome"));
    } finally {
      otherIssuer.shutdown();
    }
  }

  @Test
  void aTamperedTokenIs401() {
    String token = tokenFor("commissioner");
    String[] parts = token.split("\\.");
    // Change a character in the middle of the signature (the last one may only carry padding).
    char[] signature = parts[2].toCharArray();
    int middle = signature.length / 2;
    signature[middle] = signature[middle] == 'A' ? 'B' : 'A';
    String tampered = parts[0] + "." + parts[1] + "." + new String(signature);

    anonymous().auth().oauth2(tampered).get("/Patient").then().statusCode(401);
  }

  @Test
  void garbageIs401() {
    anonymous().auth().oauth2("not-a-jwt").get("/Patient").then().statusCode(401);
  }

  private static Map<String, Object> gpClaims() {
    return Map.of(
        "realm_access", Map.of("roles", List.of("gp")),
        "organisation", "Z99101",
        "practitioner", "Practitioner/demo-gp");
  }
}
