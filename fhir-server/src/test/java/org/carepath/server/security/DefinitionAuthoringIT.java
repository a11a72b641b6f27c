package org.carepath.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.Locale;
import java.util.Map;
import org.carepath.server.support.JsonFixture;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The definitions the clinical rules run on (pathways, KPIs, profiles, terminology) are written
 * only by the content-author role: a clinician or a GP system cannot change a pathway or add a
 * search parameter however it sends the write, and a content author writes no clinical record.
 */
class DefinitionAuthoringIT extends ServerTestSupport {

  private static final String DENIED = "content-author";

  @Test
  void aGpCannotChangeAPathwayDefinitionByUpdateOrPatch() {
    String before = versionOf("/PlanDefinition/care-homes");
    String plan = as("gp").get("/PlanDefinition/care-homes").then().extract().asString();

    as("gp")
        .body(plan.replace("\"status\":\"active\"", "\"status\":\"retired\""))
        .put("/PlanDefinition/care-homes")
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString(DENIED));
    as("gp")
        .contentType("application/json-patch+json")
        .body("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"retired\"}]")
        .patch("/PlanDefinition/care-homes")
        .then()
        .statusCode(403);

    String after = versionOf("/PlanDefinition/care-homes");
    assertThat(after).isEqualTo(before);
  }

  @Test
  void noClinicalRoleOrSystemAddsASearchParameterPlainConditionalOrInATransaction() {
    for (String role : new String[] {"gp", "care-coordinator", "gp-system"}) {
      String url = "https://fhir.carepath.org/SearchParameter/" + unique("draft");
      String body = searchParameter(url);
      as(role).body(body).post("/SearchParameter").then().statusCode(403);
      as(role)
          .header("If-None-Exist", "url=" + url)
          .body(body)
          .post("/SearchParameter")
          .then()
          .statusCode(403);
      String bundle =
          "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
              + body
              + ",\"request\":{\"method\":\"POST\",\"url\":\"SearchParameter\"}}]}";
      as(role).body(bundle).post("/").then().statusCode(403);
      assertThat(searchTotal("gp", "SearchParameter", "url", url)).as(role).isZero();
    }
  }

  @Test
  void aContentAuthorWritesDefinitionsButNoClinicalRecord() {
    String url = "https://fhir.carepath.org/Library/" + unique("draft");
    as("content-author")
        .body(JsonFixture.of("/security/library-draft.json", Map.of("url", url)))
        .post("/Library")
        .then()
        .statusCode(201);
    assertThat(searchTotal("gp", "Library", "url", url)).isEqualTo(1);

    as("content-author")
        .body(
            JsonFixture.of(
                "/support/patient.json",
                Map.of(
                    "birthDate", "1950-01-01",
                    "family", "Author",
                    "practice", "Organization/demo-practice-1")))
        .post("/Patient")
        .then()
        .statusCode(403);
    as("content-author").get("/Organization/demo-ics").then().statusCode(200);
  }

  private String versionOf(String path) {
    return as("gp").get(path).then().statusCode(200).extract().path("meta.versionId");
  }

  private static String searchParameter(String url) {
    String code = url.substring(url.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return JsonFixture.of(
        "/security/search-parameter-draft.json", Map.of("url", url, "code", code));
  }
}
