package org.carepath.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carepath.server.support.JsonFixture;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/**
 * SMART resource scopes in a token narrow what its user's role and relationships allow, never widen
 * it: tokens signed by the running issuer, through real HTTP.
 */
class SmartScopesIT extends ServerTestSupport {

  private static final String HILLSIDE = "Organization/demo-practice-1";

  private RequestSpecification withScopes(String role, String ods, String scope, String patient) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("realm_access", Map.of("roles", List.of(role)));
    claims.put("organisation", ods);
    claims.put("scope", scope);
    if (patient != null) {
      claims.put("patient", patient);
    }
    String token =
        devIssuer
            .server()
            .issueToken(DevIssuer.ISSUER_ID, "scoped-app", DevIssuer.AUDIENCE, claims, 600)
            .serialize();
    return anonymous()
        .auth()
        .oauth2(token)
        .contentType("application/fhir+json")
        .accept("application/fhir+json");
  }

  private String condition(String patient) {
    return created(
        "gp",
        "Condition",
        JsonFixture.of(
            "/support/condition.json", Map.of("snomed", "161891005", "patient", patient)));
  }

  private String observation(String patient) {
    return JsonFixture.of("/access/observation.json", Map.of("text", "scoped", "patient", patient));
  }

  @Test
  void resourceScopesLimitTheTypesAndPermissionsOfAGpsToken() {
    String patient = "Patient/" + newPatient("1951-06-06", "Scoped", HILLSIDE);
    String condition = condition(patient);
    String seen = created("gp", "Observation", observation(patient));
    RequestSpecification app =
        withScopes("gp", "Z99101", "openid user/Patient.rs user/Observation.rs", null);

    app.get("/" + patient).then().statusCode(200);
    app.get("/Observation/" + seen).then().statusCode(200);
    withScopes("gp", "Z99101", "openid user/Patient.rs user/Observation.rs", null)
        .get("/Condition/" + condition)
        .then()
        .statusCode(403)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", containsString("insufficient_scope"));
    withScopes("gp", "Z99101", "user/Patient.rs user/Observation.rs", null)
        .queryParam("subject", patient)
        .get("/Condition")
        .then()
        .statusCode(403);
    withScopes("gp", "Z99101", "user/Patient.rs user/Observation.rs", null)
        .body(observation(patient))
        .post("/Observation")
        .then()
        .statusCode(403);
    withScopes("gp", "Z99101", "user/Observation.cruds", null)
        .body(observation(patient))
        .post("/Observation")
        .then()
        .statusCode(201);

    // Operations return only the types the scopes reach.
    List<String> types =
        withScopes("gp", "Z99101", "user/Patient.rs user/Observation.rs", null)
            .get("/" + patient + "/$everything")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("entry.resource.resourceType", String.class);
    assertThat(types).contains("Patient", "Observation").doesNotContain("Condition");

    // A transaction's entries need their own scopes.
    String bundle =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
            + JsonFixture.of(
                "/support/condition.json", Map.of("snomed", "161891005", "patient", patient))
            + ",\"request\":{\"method\":\"POST\",\"url\":\"Condition\"}}]}";
    withScopes("gp", "Z99101", "user/Observation.cruds user/Patient.rs", null)
        .body(bundle)
        .post("/")
        .then()
        .statusCode(403);
  }

  @Test
  void patientScopesReachOnlyTheLaunchPatient() {
    String launch = newPatient("1952-07-07", "Launch", HILLSIDE);
    String other = newPatient("1952-07-08", "Other", HILLSIDE);
    String otherObservation = created("gp", "Observation", observation("Patient/" + other));
    created("gp", "Observation", observation("Patient/" + launch));

    withScopes("gp", "Z99101", "launch patient/*.rs", launch)
        .get("/Patient/" + launch)
        .then()
        .statusCode(200);
    withScopes("gp", "Z99101", "launch patient/*.rs", launch)
        .get("/Patient/" + other)
        .then()
        .statusCode(404);
    withScopes("gp", "Z99101", "launch patient/*.rs", launch)
        .get("/Observation/" + otherObservation)
        .then()
        .statusCode(404);
    assertThat(
            withScopes("gp", "Z99101", "launch patient/*.rs", launch)
                .queryParam("subject", "Patient/" + launch)
                .get("/Observation")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entry"))
        .hasSize(1);
    withScopes("gp", "Z99101", "launch patient/*.rs", launch)
        .get("/" + HILLSIDE)
        .then()
        .statusCode(200);
  }

  @Test
  void scopesNeverWidenWhatTheRoleAndRelationshipsAllow() {
    String patient = "Patient/" + newPatient("1953-08-08", "Wide", HILLSIDE);

    withScopes("commissioner", "Z99101", "user/*.cruds", null)
        .get("/" + patient)
        .then()
        .statusCode(403);
    // A GP at another practice has no relationship, whatever the scopes say.
    withScopes("gp", "Z99102", "user/*.cruds", null).get("/" + patient).then().statusCode(404);
    withScopes("gp", "Z99101", "user/*.cruds", null).get("/" + patient).then().statusCode(200);
  }
}
