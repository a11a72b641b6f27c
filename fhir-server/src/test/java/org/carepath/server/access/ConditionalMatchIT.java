package org.carepath.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.util.Map;
import org.carepath.server.support.JsonFixture;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/**
 * A conditional create or update whose criteria match a record the caller may not see does not tell
 * them it exists (issue 15: "If-None-Exist must not reveal existence across boundaries"): they are
 * answered as their write would be if nothing matched, or — when they could write such a record —
 * 412 without the match's id; nothing is stored or changed. Real HTTP as the demo users.
 */
class ConditionalMatchIT extends ServerTestSupport {

  private static final String SYSTEM = "https://fhir.carepath.org/test/condition-id";
  private static final String HILLSIDE = "Organization/demo-practice-1";
  private static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";

  private static String condition(String patient, String sharing, String identifier) {
    ObjectNode condition =
        JsonFixture.tree(
            "/access/labelled-condition.json", Map.of("sharing", sharing, "patient", patient));
    condition.putArray("identifier").addObject().put("system", SYSTEM).put("value", identifier);
    return condition.toString();
  }

  private Response conditionalCreate(String actor, String body, String identifier) {
    return as(actor)
        .header("If-None-Exist", "identifier=" + SYSTEM + "|" + identifier)
        .body(body)
        .post("/Condition");
  }

  private static String diagnostics(Response response) {
    return response.jsonPath().getString("issue[0].diagnostics");
  }

  /** The response says nothing of the match: not its id, not where it is. */
  private static void revealsNothingOf(Response response, String match) {
    assertThat(response.asString()).doesNotContain(match);
    assertThat(response.header("Location")).isNull();
    assertThat(response.header("Content-Location")).isNull();
    assertThat(response.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
  }

  @Test
  void anotherPracticesGpIsAnsweredAsIfNothingMatched() {
    String patient = "Patient/" + newPatient("1950-03-03", "Matched", HILLSIDE);
    String identifier = unique("cond");
    String existing = created("gp", "Condition", condition(patient, "shared", identifier));

    Response matched =
        conditionalCreate("gp-moorland", condition(patient, "shared", identifier), identifier);
    String other = unique("cond");
    Response unmatched =
        conditionalCreate("gp-moorland", condition(patient, "shared", other), other);

    assertThat(matched.statusCode()).isEqualTo(403).isEqualTo(unmatched.statusCode());
    assertThat(diagnostics(matched)).isEqualTo(diagnostics(unmatched));
    revealsNothingOf(matched, existing);
    assertThat(searchTotal("gp", "Condition", "identifier", SYSTEM + "|" + identifier))
        .isEqualTo(1);
    assertThat(searchTotal("gp", "Condition", "identifier", SYSTEM + "|" + other)).isZero();

    // A conditional update is answered the same way, and changes nothing.
    Response update =
        as("gp-moorland")
            .body(condition(patient, "shared", identifier))
            .put("/Condition?identifier=" + SYSTEM + "|" + identifier);
    Response updateUnmatched =
        as("gp-moorland")
            .body(condition(patient, "shared", other))
            .put("/Condition?identifier=" + SYSTEM + "|" + other);
    assertThat(update.statusCode()).isEqualTo(403).isEqualTo(updateUnmatched.statusCode());
    assertThat(diagnostics(update)).isEqualTo(diagnostics(updateUnmatched));
    revealsNothingOf(update, existing);
    assertThat(
            as("gp")
                .get("/Condition/" + existing)
                .then()
                .extract()
                .jsonPath()
                .getString("meta.versionId"))
        .isEqualTo("1");
  }

  @Test
  void anItemTheCallerMayWriteBesideButNotSeeIsNotRevealedNorDuplicated() {
    String patient = "Patient/" + newPatient("1950-04-04", "Sealed", HILLSIDE);
    String identifier = unique("cond");
    String sealed = created("gp", "Condition", condition(patient, "sealed", identifier));

    // The PCN's coordinator may write in this record, but the sealed item is not theirs to see.
    Response matched =
        conditionalCreate("care-coordinator", condition(patient, "shared", identifier), identifier);
    assertThat(matched.statusCode()).isEqualTo(412);
    assertThat(diagnostics(matched)).isEqualTo(ConditionalMatches.HIDDEN_MATCH);
    revealsNothingOf(matched, sealed);
    assertThat(searchTotal("gp", "Condition", "identifier", SYSTEM + "|" + identifier))
        .isEqualTo(1);

    // The custodian's own staff see the match: the usual idempotent answer.
    Response own = conditionalCreate("gp", condition(patient, "sealed", identifier), identifier);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.jsonPath().getString("id")).isEqualTo(sealed);
  }

  /** A Patient registered at {@code practice} with NHS number {@code nhsNumber}. */
  private static String patientWith(String nhsNumber, String practice) {
    ObjectNode patient =
        JsonFixture.tree(
            "/support/patient.json",
            Map.of("birthDate", "1941-01-01", "family", "Moving", "practice", practice));
    patient.putArray("identifier").addObject().put("system", NHS_NUMBER).put("value", nhsNumber);
    return patient.toString();
  }

  @Test
  void aPersonRegisteredAtAnotherPracticeIsNotRegisteredASecondTime() {
    String nhsNumber = testNhsNumber();
    String registered = created("gp", "Patient", patientWith(nhsNumber, HILLSIDE));

    Response second =
        as("gp-moorland")
            .header("If-None-Exist", "identifier=" + NHS_NUMBER + "|" + nhsNumber)
            .body(patientWith(nhsNumber, "Organization/demo-practice-2"))
            .post("/Patient");

    assertThat(second.statusCode()).isEqualTo(412);
    revealsNothingOf(second, registered);
    assertThat(searchTotal("gp", "Patient", "identifier", NHS_NUMBER + "|" + nhsNumber))
        .isEqualTo(1);
  }

  @Test
  void aTransactionEntryMatchingAHiddenRecordRefusesTheWholeTransaction() {
    String patient = "Patient/" + newPatient("1950-05-05", "Bundled", HILLSIDE);
    String identifier = unique("cond");
    String existing = created("gp", "Condition", condition(patient, "shared", identifier));
    String moorlandPatient =
        "Patient/" + newPatient("1950-06-06", "Own", "Organization/demo-practice-2");
    String mark = unique("own-observation");
    String bundle =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
            + AccessFixtures.observation(moorlandPatient, mark)
            + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}},{\"resource\":"
            + condition(patient, "shared", identifier)
            + ",\"request\":{\"method\":\"POST\",\"url\":\"Condition\",\"ifNoneExist\":\"identifier="
            + SYSTEM
            + "|"
            + identifier
            + "\"}}]}";

    Response response = as("gp-moorland").body(bundle).post("/");

    assertThat(response.statusCode()).isEqualTo(403);
    revealsNothingOf(response, existing);
    assertThat(
            searchTotal(
                "gp-moorland", "Observation", "subject", moorlandPatient, "code:text", mark))
        .as("nothing of the transaction is stored")
        .isZero();
  }
}
