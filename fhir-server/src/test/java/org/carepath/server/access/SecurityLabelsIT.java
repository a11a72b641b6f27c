package org.carepath.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.carepath.server.support.JsonFixture;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Security labels the server keeps (custodian, sharing class) and patients' objections to sharing,
 * through real HTTP as the demo users: what is stored, what nobody can change, and what an
 * objection leaves each organisation. The leak matrix ({@link AccessMatrixIT}) covers every
 * interaction; this covers the labels' own rules.
 */
class SecurityLabelsIT extends ServerTestSupport {

  private static final String SHARING = "https://fhir.carepath.org/CodeSystem/sharing";
  private static final String CUSTODIAN = "https://fhir.nhs.uk/Id/ods-organization-code";
  private static final String HILLSIDE = "Organization/demo-practice-1";

  private String patient() {
    return "Patient/" + newPatient("1948-05-05", "Labels", HILLSIDE);
  }

  private String condition(String patient, String sharing) {
    return created("gp", "Condition", AccessFixtures.labelledCondition(patient, sharing));
  }

  private String plainCondition(String patient, String id) {
    return JsonFixture.tree(
            "/support/condition.json", Map.of("snomed", "161891005", "patient", patient))
        .put("id", id)
        .toString();
  }

  private static String code(JsonPath resource, String system) {
    return resource.getString("meta.security.find { it.system == '" + system + "' }.code");
  }

  @Test
  void theServerRecordsTheAuthorsOrganisationAsCustodianAndKeepsTheClassTheyChose() {
    String patient = patient();
    String sealed = condition(patient, "sealed");
    String shared = condition(patient, "shared");
    String odsCode = as("gp").get("/" + HILLSIDE).then().extract().path("identifier[0].value");

    JsonPath stored =
        as("gp").get("/Condition/" + sealed).then().statusCode(200).extract().jsonPath();
    assertThat(code(stored, CUSTODIAN)).isEqualTo(odsCode);
    assertThat(code(stored, SHARING)).isEqualTo("sealed");
    JsonPath plain =
        as("gp").get("/Condition/" + shared).then().statusCode(200).extract().jsonPath();
    assertThat(code(plain, CUSTODIAN)).isEqualTo(odsCode);
    assertThat(code(plain, SHARING)).as("an unlabelled item is shared").isNull();

    // An update that leaves the labels out keeps them; the PCN sees the record, not the item.
    as("gp")
        .body(plainCondition(patient, sealed).replace("2026-10-01", "2026-09-01"))
        .put("/Condition/" + sealed)
        .then()
        .statusCode(200);
    JsonPath updated = as("gp").get("/Condition/" + sealed).then().extract().jsonPath();
    assertThat(updated.getString("meta.versionId")).isEqualTo("2");
    assertThat(code(updated, SHARING)).isEqualTo("sealed");
    as("care-coordinator").get("/" + patient).then().statusCode(200);
    as("care-coordinator").get("/Condition/" + sealed).then().statusCode(404);
    as("care-coordinator").get("/Condition/" + shared).then().statusCode(200);
  }

  @Test
  void nobodyChangesOrForgesTheLabels() {
    String patient = patient();
    String sealed = condition(patient, "sealed");
    String unsealing =
        JsonFixture.tree(
                "/access/labelled-condition.json", Map.of("sharing", "shared", "patient", patient))
            .put("id", sealed)
            .toString();

    as("gp")
        .body(unsealing)
        .put("/Condition/" + sealed)
        .then()
        .statusCode(400)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", containsString("kept by the server"));
    as("gp")
        .contentType("application/json-patch+json")
        .body("[{\"op\":\"remove\",\"path\":\"/meta/security\"}]")
        .patch("/Condition/" + sealed)
        .then()
        .statusCode(anyOf(200, 400));
    JsonPath after = as("gp").get("/Condition/" + sealed).then().extract().jsonPath();
    assertThat(code(after, SHARING)).as("still sealed, whatever the patch").isEqualTo("sealed");
    assertThat(after.getString("meta.versionId")).isEqualTo("1");

    for (String operation : List.of("$meta-delete", "$meta-add")) {
      as("gp")
          .body(
              "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"meta\",\"valueMeta\":"
                  + "{\"security\":[{\"system\":\""
                  + SHARING
                  + "\",\"code\":\"sealed\"}]}}]}")
          .post("/Condition/" + sealed + "/" + operation)
          .then()
          .statusCode(403)
          .body("resourceType", equalTo("OperationOutcome"));
    }
    as("gp").get("/Condition/" + sealed + "/$meta").then().statusCode(403);
    assertThat(code(as("gp").get("/Condition/" + sealed).then().extract().jsonPath(), SHARING))
        .isEqualTo("sealed");

    int before = searchTotal("gp", "Condition", "subject", patient);
    var forged =
        JsonFixture.tree(
            "/access/labelled-condition.json", Map.of("sharing", "shared", "patient", patient));
    ((com.fasterxml.jackson.databind.node.ArrayNode) forged.get("meta").get("security"))
        .addObject()
        .put("system", CUSTODIAN)
        .put("code", "RXX99");
    as("gp").body(forged.toString()).post("/Condition").then().statusCode(400);
    as("gp")
        .body(
            JsonFixture.of(
                "/access/labelled-condition.json",
                Map.of("sharing", "top-secret", "patient", patient)))
        .post("/Condition")
        .then()
        .statusCode(400)
        .body("issue[0].diagnostics", containsString("sharing class"));
    assertThat(searchTotal("gp", "Condition", "subject", patient)).isEqualTo(before);
  }

  @Test
  void whoSeesTheRecordButNotTheItemIsAnsweredAsIfItDidNotExist() {
    String patient = patient();
    String sealed = condition(patient, "organisation-private");

    as("care-coordinator")
        .body(plainCondition(patient, sealed))
        .put("/Condition/" + sealed)
        .then()
        .statusCode(404);
    as("care-coordinator")
        .contentType("application/json-patch+json")
        .body("[{\"op\":\"replace\",\"path\":\"/onsetDateTime\",\"value\":\"2026-10-02\"}]")
        .patch("/Condition/" + sealed)
        .then()
        .statusCode(404);
    as("gp")
        .get("/Condition/" + sealed)
        .then()
        .statusCode(200)
        .body("meta.versionId", equalTo("1"));
  }

  @Test
  void anObjectionLeavesOtherOrganisationsWhatTheyRecordedOrWereSentUntilItIsWithdrawn() {
    String patient = patient();
    String gpsCondition = condition(patient, "shared");
    created(
        "gp",
        "CareTeam",
        AccessFixtures.careTeam(patient, "active", "Organization/demo-community-trust"));
    String nursesNote =
        created("community-nurse", "Observation", AccessFixtures.observation(patient, "visit"));
    String objection = created("gp", "Consent", AccessFixtures.objection(patient, "active"));

    as("community-nurse").get("/Condition/" + gpsCondition).then().statusCode(404);
    as("community-nurse").get("/Observation/" + nursesNote).then().statusCode(200);
    as("community-nurse").get("/" + patient).then().statusCode(200);
    as("community-nurse").get("/Consent/" + objection).then().statusCode(200);
    assertThat(searchTotal("community-nurse", "CareTeam", "subject", patient))
        .as("the care team names the community trust")
        .isEqualTo(1);
    assertThat(searchTotal("community-nurse", "Condition", "subject", patient)).isZero();
    assertThat(searchTotal("gp", "Condition", "subject", patient)).isEqualTo(1);
    as("gp").get("/Observation/" + nursesNote).then().statusCode(404);
    // One search over this patient and another the trust cares for, who has not objected (their
    // standing looked up together): only the other's condition.
    String neighbour = patient();
    String neighboursCondition = condition(neighbour, "shared");
    created(
        "gp",
        "CareTeam",
        AccessFixtures.careTeam(neighbour, "active", "Organization/demo-community-trust"));
    as("community-nurse")
        .get("/Condition?subject=" + patient + "," + neighbour)
        .then()
        .statusCode(200)
        .body("entry.resource.id", org.hamcrest.Matchers.contains(neighboursCondition));

    // Withdrawn: the shared record is shared again.
    as("gp")
        .body(
            JsonFixture.tree(
                    "/access/objection.json", Map.of("status", "inactive", "patient", patient))
                .put("id", objection)
                .toString())
        .put("/Consent/" + objection)
        .then()
        .statusCode(200);
    as("community-nurse").get("/Condition/" + gpsCondition).then().statusCode(200);
    as("gp").get("/Observation/" + nursesNote).then().statusCode(200);
  }

  private static org.hamcrest.Matcher<Integer> anyOf(int first, int second) {
    return org.hamcrest.Matchers.anyOf(equalTo(first), equalTo(second));
  }
}
