package org.carepath.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Roles decide read versus write; nobody deletes clinical records. Denials are 403 with a reason.
 */
class AuthorizationIT extends ServerTestSupport {

  private static final String SYSTEM = "https://fhir.carepath.org/Id/test";

  @Test
  void aCommissionerReads() {
    as("commissioner").get("/Organization/demo-ics").then().statusCode(200);
  }

  @Test
  void aCommissionerCannotWriteAndNothingIsStored() {
    String value = unique("commissioner-write");
    as("commissioner")
        .body(patient(value))
        .post("/Patient")
        .then()
        .statusCode(403)
        .body("resourceType", equalTo("OperationOutcome"));

    assertThat(count(value)).isZero();
  }

  @Test
  void aCommissionerCannotWriteThroughATransaction() {
    String value = unique("commissioner-transaction");
    String bundle =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
            + patient(value)
            + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}";

    as("commissioner").body(bundle).post().then().statusCode(403);

    assertThat(count(value)).isZero();
  }

  @Test
  void everyClinicalRoleAndTheGpSystemWrite() {
    for (String role :
        new String[] {
          "gp",
          "practice-nurse",
          "community-nurse",
          "specialist",
          "social-worker",
          "care-home-staff",
          "care-coordinator"
        }) {
      as(role).body(patient(unique(role))).post("/Patient").then().statusCode(201);
    }
    String systemToken =
        org.carepath.server.support.Tokens.clientCredentials(
            devIssuer.tokenEndpoint(), "gp-system");
    anonymous()
        .auth()
        .oauth2(systemToken)
        .contentType("application/fhir+json")
        .body(patient(unique("gp-system")))
        .post("/Patient")
        .then()
        .statusCode(201);
  }

  @Test
  void nobodyDeletesAndTheRecordStays() {
    String value = unique("delete");
    String id =
        as("gp").body(patient(value)).post("/Patient").then().statusCode(201).extract().path("id");

    as("gp")
        .delete("/Patient/" + id)
        .then()
        .statusCode(403)
        .body("resourceType", equalTo("OperationOutcome"));

    as("gp").get("/Patient/" + id).then().statusCode(200);
  }

  @Test
  void aTokenWithoutACarepathRoleIsForbidden() {
    // The issuer knows no such user, so its token carries no Carepath role.
    as("visitor")
        .get("/Patient")
        .then()
        .statusCode(403)
        .body("resourceType", equalTo("OperationOutcome"));
  }

  private int count(String value) {
    return searchTotal("gp", "Patient", "identifier", SYSTEM + "|" + value);
  }

  private static String patient(String value) {
    return "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\""
        + SYSTEM
        + "\",\"value\":\""
        + value
        + "\"}]}";
  }
}
