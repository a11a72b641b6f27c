package org.carepath.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import org.carepath.server.support.JsonFixture;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Roles decide read versus write; nobody deletes clinical records. Denials are 403 with a reason.
 * Which patients a role reaches is {@code AccessMatrixIT}'s.
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
  void everyClinicalRoleAndTheGpSystemWriteForAPatientTheyCareFor() {
    String patient =
        "Patient/" + newPatient("1948-05-01", "Writers", "Organization/demo-practice-1");
    // The practice puts every other service on the patient's care team.
    for (String member :
        List.of(
            "Organization/demo-community-trust",
            "Organization/demo-hospital-respiratory",
            "Organization/demo-social-care",
            "Organization/demo-care-home-1")) {
      created(
          "gp",
          "CareTeam",
          JsonFixture.of(
              "/access/care-team.json",
              Map.of("status", "active", "patient", patient, "member", member)));
    }
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
      as(role).body(observation(patient, role)).post("/Observation").then().statusCode(201);
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

  private static String observation(String patient, String text) {
    return JsonFixture.of("/access/observation.json", Map.of("text", text, "patient", patient));
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

  /** A patient registered at Hillside Surgery (the practice of "gp" and the GP system). */
  private static String patient(String value) {
    return "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\""
        + SYSTEM
        + "\",\"value\":\""
        + value
        + "\"}],\"generalPractitioner\":[{\"reference\":\"Organization/demo-practice-1\"}]}";
  }
}
