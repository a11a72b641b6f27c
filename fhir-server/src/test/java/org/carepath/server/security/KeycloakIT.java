package org.carepath.server.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.carepath.server.support.JsonFixture;
import org.carepath.server.support.KeycloakServer;
import org.carepath.server.support.OidcLogin;
import org.carepath.server.support.ServerInstances;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The realm Carepath ships (docker/keycloak/carepath-realm.json), in the Keycloak server production
 * runs, started for real: a GP system's client-credentials token posts a referral, a user signs in
 * by authorization code with PKCE and their token's organisation, practitioner and role decide what
 * they see, and the tokens Carepath must refuse are refused — expired, from another realm, for
 * another audience, without a Carepath role — while a new signing key is taken up without a
 * restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakIT {

  private static final String WEB_APP = "http://localhost:8080/app/";

  private KeycloakServer keycloak;
  private ConfigurableApplicationContext carepath;
  private String fhir;
  private OidcLogin web;

  @BeforeAll
  void start() throws Exception {
    keycloak = KeycloakServer.start();
    carepath =
        ServerInstances.start(
            ServerTestSupport.freshDataDir(),
            "--carepath.security.issuer-uri=" + keycloak.issuer("carepath"),
            "--carepath.security.audience=carepath",
            "--carepath.security.clock-skew=1s",
            "--carepath.security.introspection.client-id=carepath",
            "--carepath.security.introspection.client-secret=" + KeycloakServer.API_SECRET,
            "--carepath.security.accepted-token-memory=0s",
            "--carepath.demo.enabled=true",
            "--carepath.demo.patients=0");
    fhir = ServerInstances.fhirBase(carepath);
    web = new OidcLogin(keycloak.issuer("carepath"), "carepath-web", WEB_APP);
  }

  @AfterAll
  void stop() {
    if (carepath != null) {
      carepath.close();
    }
    if (keycloak != null) {
      keycloak.close();
    }
  }

  @Test
  void aGpSystemGetsATokenByClientCredentialsAndPostsAReferral() {
    String token = clientCredentials("carepath", "gp-system", KeycloakServer.GP_SYSTEM_SECRET);
    String patient = registeredAtHillside(token);
    String referral =
        with(token)
            .body(
                JsonFixture.of(
                    "/referral/service-request.json",
                    Map.of(
                        "number",
                        "KC-" + Instant.now().toEpochMilli(),
                        "patient",
                        "Patient/" + patient,
                        "serviceType",
                        "community-respiratory",
                        "priority",
                        "routine",
                        "authoredOn",
                        Instant.now())))
            .post("/ServiceRequest")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    // Routed and tracked as any referral.
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                with(token)
                    .queryParam("focus", "ServiceRequest/" + referral)
                    .get("/Task")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("entry"),
            entries -> entries != null && !entries.isEmpty());
  }

  @Test
  void aUserSignsInWithPkceAndTheirTokensClaimsDecideWhatTheySee() throws Exception {
    JsonNode tokens = web.signIn("gp", KeycloakServer.DEMO_PASSWORD);
    String gp = tokens.path("access_token").asText();
    JsonNode claims = OidcLogin.claims(gp);
    assertThat(claims.path("organisation").asText()).isEqualTo("Z99101");
    assertThat(claims.path("practitioner").asText()).isEqualTo("Practitioner/demo-gp");
    assertThat(claims.path("realm_access").path("roles").toString()).contains("\"gp\"");
    assertThat(claims.path("aud").toString()).contains("carepath");

    // Hillside's GP reads a Hillside patient, not Moorland's (the organisation claim decides).
    String system = clientCredentials("carepath", "gp-system", KeycloakServer.GP_SYSTEM_SECRET);
    String hillside = registeredAtHillside(system);
    String moorlandGp =
        web.signIn("gp-moorland", KeycloakServer.DEMO_PASSWORD).path("access_token").asText();
    String moorland =
        with(moorlandGp)
            .body(patientAt("Organization/demo-practice-2"))
            .post("/Patient")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    with(gp).get("/Patient/" + hillside).then().statusCode(200);
    with(gp).get("/Patient/" + moorland).then().statusCode(404);

    // The audit names the Practitioner and organisation the token gave.
    String officer =
        web.signIn("privacy-officer", KeycloakServer.DEMO_PASSWORD).path("access_token").asText();
    List<String> agents =
        Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    with(officer)
                        .queryParam("patient", "Patient/" + hillside)
                        .queryParam("subtype", "read")
                        .get("/AuditEvent")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("entry.resource.agent.flatten().who.reference", String.class),
                found -> found != null && found.contains("Practitioner/demo-gp"));
    assertThat(agents).contains("Organization/demo-practice-1");
  }

  @Test
  void theWebClientNeedsPkceAndTakesNoPasswords() throws Exception {
    // An authorization request without a code challenge gets no login form.
    var noChallenge =
        given()
            .urlEncodingEnabled(false)
            .redirects()
            .follow(false)
            .get(web.authorizationRequest(Map.of("state", "no-pkce")));
    // Sent back to the app with an error, never to a login form.
    assertThat(noChallenge.statusCode()).isEqualTo(302);
    assertThat(noChallenge.header("Location"))
        .startsWith(WEB_APP)
        .contains("error=invalid_request")
        .contains("code_challenge");
    assertThatThrownBy(
            () ->
                new OidcLogin(
                        keycloak.issuer("carepath"), "carepath-web", "http://localhost:8080/evil")
                    .signIn("gp", KeycloakServer.DEMO_PASSWORD))
        .isInstanceOf(IllegalStateException.class);
    // No password grant for the browser app.
    given()
        .formParam("grant_type", "password")
        .formParam("client_id", "carepath-web")
        .formParam("username", "gp")
        .formParam("password", KeycloakServer.DEMO_PASSWORD)
        .post(keycloak.tokenEndpoint("carepath"))
        .then()
        .statusCode(
            org.hamcrest.Matchers.anyOf(
                org.hamcrest.Matchers.is(400), org.hamcrest.Matchers.is(401)));
  }

  @Test
  void tokensCarepathMustNotAcceptAreRefused() throws Exception {
    KeycloakAdmin admin = new KeycloakAdmin(keycloak);
    // Another audience: a client of the realm without Carepath's audience mapper.
    admin.serviceClient("carepath", "no-audience", "system", false, Map.of());
    with(clientCredentials("carepath", "no-audience", KeycloakAdmin.SECRET))
        .get("/Organization")
        .then()
        .statusCode(401);
    // Another realm: the same client name and mappers, another issuer.
    admin.realm("elsewhere");
    admin.serviceClient("elsewhere", "gp-system", "system", true, Map.of());
    with(clientCredentials("elsewhere", "gp-system", KeycloakAdmin.SECRET))
        .get("/Organization")
        .then()
        .statusCode(401);
    // No Carepath role: authenticated, and refused.
    admin.serviceClient("carepath", "no-role", null, true, Map.of());
    with(clientCredentials("carepath", "no-role", KeycloakAdmin.SECRET))
        .get("/Organization")
        .then()
        .statusCode(403);
    // Expired: a token valid for 2 s, used after it (Carepath allows 1 s of clock skew here).
    admin.serviceClient(
        "carepath", "short-lived", "system", true, Map.of("access.token.lifespan", "2"));
    String shortLived = clientCredentials("carepath", "short-lived", KeycloakAdmin.SECRET);
    with(shortLived).get("/Organization").then().statusCode(200);
    Thread.sleep(Duration.ofSeconds(4).toMillis());
    with(shortLived).get("/Organization").then().statusCode(401);
    // Tampered: the signature no longer matches.
    String valid = clientCredentials("carepath", "gp-system", KeycloakServer.GP_SYSTEM_SECRET);
    int middle = valid.lastIndexOf('.') + 10;
    String tampered =
        valid.substring(0, middle)
            + (valid.charAt(middle) == 'A' ? 'B' : 'A')
            + valid.substring(middle + 1);
    with(tampered).get("/Organization").then().statusCode(401);
  }

  @Test
  void aRevokedTokenAndAnEndedSessionAreRefused() throws Exception {
    String gp = web.signIn("gp", KeycloakServer.DEMO_PASSWORD).path("access_token").asText();
    with(gp).get("/Organization").then().statusCode(200);
    given()
        .formParam("token", gp)
        .formParam("token_type_hint", "access_token")
        .formParam("client_id", "carepath-web")
        .post(keycloak.issuer("carepath") + "/protocol/openid-connect/revoke")
        .then()
        .statusCode(200);
    with(gp).get("/Organization").then().statusCode(401);

    String nurse =
        web.signIn("practice-nurse", KeycloakServer.DEMO_PASSWORD).path("access_token").asText();
    with(nurse).get("/Organization").then().statusCode(200);
    new KeycloakAdmin(keycloak).signOut("carepath", "practice-nurse");
    with(nurse).get("/Organization").then().statusCode(401);
  }

  @Test
  void aNewSigningKeyIsTakenUpWithoutARestart() throws Exception {
    String before = clientCredentials("carepath", "gp-system", KeycloakServer.GP_SYSTEM_SECRET);
    with(before).get("/Organization").then().statusCode(200);
    new KeycloakAdmin(keycloak).newSigningKey("carepath");
    String after = clientCredentials("carepath", "gp-system", KeycloakServer.GP_SYSTEM_SECRET);
    assertThat(OidcLogin.claims(after)).isNotNull();
    assertThat(kid(after)).isNotEqualTo(kid(before));
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> with(after).get("/Organization").then().extract().statusCode() == 200);
  }

  private static String kid(String jwt) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[0]))
        .path("kid")
        .asText();
  }

  private String registeredAtHillside(String token) {
    return with(token)
        .body(patientAt("Organization/demo-practice-1"))
        .post("/Patient")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static String patientAt(String practice) {
    return JsonFixture.of(
        "/support/patient.json",
        Map.of("birthDate", "1950-01-01", "family", "Keycloak", "practice", practice));
  }

  private String clientCredentials(String realm, String clientId, String secret) {
    return given()
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", clientId)
        .formParam("client_secret", secret)
        .post(keycloak.tokenEndpoint(realm))
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }

  private RequestSpecification with(String token) {
    return given()
        .baseUri(fhir)
        .header("Authorization", "Bearer " + token)
        .contentType("application/fhir+json")
        .accept("application/fhir+json");
  }
}
