package org.carepath.server.support;

import static io.restassured.RestAssured.given;

/** Gets tokens from an OIDC token endpoint over HTTP, as curl or a client application would. */
public final class Tokens {

  public static String passwordGrant(String tokenEndpoint, String username) {
    return given()
        .formParam("grant_type", "password")
        .formParam("username", username)
        .formParam("password", "demo")
        .formParam("client_id", "carepath-web")
        .post(tokenEndpoint)
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }

  public static String clientCredentials(String tokenEndpoint, String clientId) {
    return given()
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", clientId)
        .formParam("client_secret", "demo")
        .post(tokenEndpoint)
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }

  private Tokens() {}
}
