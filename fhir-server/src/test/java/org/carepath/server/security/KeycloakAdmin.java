package org.carepath.server.security;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carepath.server.support.KeycloakServer;

/**
 * What an identity-provider administrator does, through Keycloak's admin REST API: add clients and
 * realms, and a new signing key.
 */
final class KeycloakAdmin {

  /** The secret of every client made here (test-only). */
  static final String SECRET = "secret-" + UUID.randomUUID();

  private final KeycloakServer keycloak;
  private final String token;

  KeycloakAdmin(KeycloakServer keycloak) {
    this.keycloak = keycloak;
    this.token = keycloak.adminToken();
  }

  /** A realm with a {@code system} role. */
  void realm(String name) {
    admin()
        .body(
            Map.of(
                "realm",
                name,
                "enabled",
                true,
                "roles",
                Map.of("realm", List.of(Map.of("name", "system")))))
        .post("/admin/realms")
        .then()
        .statusCode(201);
  }

  /**
   * A confidential client with a service account acting for Hillside Surgery (Z99101), with the
   * realm {@code role} (none if null) and Carepath's audience when {@code audience}.
   */
  void serviceClient(
      String realm,
      String clientId,
      String role,
      boolean audience,
      Map<String, String> attributes) {
    List<Map<String, Object>> mappers = new ArrayList<>();
    mappers.add(
        mapper(
            "organisation",
            "oidc-hardcoded-claim-mapper",
            Map.of(
                "claim.name", "organisation",
                "claim.value", "Z99101",
                "jsonType.label", "String",
                "access.token.claim", "true")));
    if (audience) {
      mappers.add(
          mapper(
              "carepath-audience",
              "oidc-audience-mapper",
              Map.of("included.custom.audience", "carepath", "access.token.claim", "true")));
    }
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", clientId);
    client.put("enabled", true);
    client.put("publicClient", false);
    client.put("secret", SECRET);
    client.put("serviceAccountsEnabled", true);
    client.put("standardFlowEnabled", false);
    client.put("directAccessGrantsEnabled", false);
    client.put("attributes", attributes);
    client.put("protocolMappers", mappers);
    admin().body(client).post("/admin/realms/" + realm + "/clients").then().statusCode(201);
    if (role == null) {
      return;
    }
    String id =
        admin()
            .queryParam("clientId", clientId)
            .get("/admin/realms/" + realm + "/clients")
            .then()
            .statusCode(200)
            .extract()
            .path("[0].id");
    String user =
        admin()
            .get("/admin/realms/" + realm + "/clients/" + id + "/service-account-user")
            .then()
            .statusCode(200)
            .extract()
            .path("id");
    Map<String, Object> roleRepresentation =
        admin()
            .get("/admin/realms/" + realm + "/roles/" + role)
            .then()
            .statusCode(200)
            .extract()
            .as(Map.class);
    admin()
        .body(List.of(roleRepresentation))
        .post("/admin/realms/" + realm + "/users/" + user + "/role-mappings/realm")
        .then()
        .statusCode(204);
  }

  /** Ends every session of the user (as an administrator would for a lost device). */
  void signOut(String realm, String username) {
    String user =
        admin()
            .queryParam("username", username)
            .queryParam("exact", true)
            .get("/admin/realms/" + realm + "/users")
            .then()
            .statusCode(200)
            .extract()
            .path("[0].id");
    admin().post("/admin/realms/" + realm + "/users/" + user + "/logout").then().statusCode(204);
  }

  /** A new RSA signing key, above the realm's current one: new tokens are signed with it. */
  void newSigningKey(String realm) {
    String realmId =
        admin().get("/admin/realms/" + realm).then().statusCode(200).extract().path("id");
    admin()
        .body(
            Map.of(
                "name",
                "rotated-" + UUID.randomUUID(),
                "providerId",
                "rsa-generated",
                "providerType",
                "org.keycloak.keys.KeyProvider",
                "parentId",
                realmId,
                "config",
                Map.of(
                    "priority", List.of("500"),
                    "enabled", List.of("true"),
                    "active", List.of("true"),
                    "algorithm", List.of("RS256"))))
        .post("/admin/realms/" + realm + "/components")
        .then()
        .statusCode(201);
  }

  private static Map<String, Object> mapper(String name, String type, Map<String, String> config) {
    return Map.of(
        "name", name, "protocol", "openid-connect", "protocolMapper", type, "config", config);
  }

  private RequestSpecification admin() {
    return given()
        .baseUri(keycloak.base())
        .header("Authorization", "Bearer " + token)
        .contentType("application/json");
  }
}
