package org.carepath.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.carepath.server.support.JsonFixture;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Break-glass and the rules a user cannot talk their way round: emergency access opens one patient
 * for one user, for a while, with a reason; a write cannot create the relationship it needs; a
 * record stays in its patient's record.
 */
class EmergencyAccessIT extends ServerTestSupport {

  @Autowired JdbcTemplate jdbc;

  @Test
  void aGpWithoutARelationshipAssertsEmergencyAccessForOnePatientForFourHours() {
    String patient = newPatient("1944-04-04", "Emergency", "Organization/demo-practice-6");
    String other = newPatient("1944-04-05", "Bystander", "Organization/demo-practice-6");
    as("gp").get("/Patient/" + patient).then().statusCode(404);

    Instant before = Instant.now();
    String expires =
        assertEmergency("gp", patient, "ETREAT", "Unconscious in A&E, no other record available")
            .statusCode(200)
            .body(
                "parameter.find { it.name == 'patient' }.valueReference.reference",
                equalTo("Patient/" + patient))
            .extract()
            .path("parameter.find { it.name == 'expires' }.valueInstant");
    assertThat(Duration.between(before, Instant.parse(expires)))
        .isBetween(Duration.ofHours(4).minusMinutes(1), Duration.ofHours(4).plusMinutes(1));

    as("gp").get("/Patient/" + patient).then().statusCode(200);
    as("gp")
        .body(
            JsonFixture.of(
                "/access/observation.json",
                Map.of("text", "seen in A&E", "patient", "Patient/" + patient)))
        .post("/Observation")
        .then()
        .statusCode(201);
    // Only that patient, only that user — also when one search finds both (their standing looked
    // up together).
    as("gp").get("/Patient/" + other).then().statusCode(404);
    as("gp")
        .get("/Patient?_id=" + patient + "," + other)
        .then()
        .statusCode(200)
        .body("entry.resource.id", contains(patient));
    as("practice-nurse").get("/Patient/" + patient).then().statusCode(404);

    assertThat(
            jdbc.queryForObject(
                "select reason_code || ' ' || organisation from cp_emergency_access where patient_id = ?",
                String.class,
                patient))
        .isEqualTo("ETREAT Z99101");
  }

  @Test
  void anExpiredEmergencyAccessOpensNothing() {
    String patient = newPatient("1944-04-06", "Expired", "Organization/demo-practice-5");
    assertEmergency("gp", patient, "BTG", "Collapsed at home, GP record needed").statusCode(200);
    as("gp").get("/Patient/" + patient).then().statusCode(200);

    // As if the four hours had passed.
    jdbc.update(
        "update cp_emergency_access set ends_at = now() - interval '1 minute' where patient_id = ?",
        patient);

    as("gp").get("/Patient/" + patient).then().statusCode(404);
  }

  @Test
  void emergencyAccessNeedsAReasonAndAnExplanationAndDirectCare() {
    String patient = newPatient("1944-04-07", "Refused", "Organization/demo-practice-6");
    assertEmergency("gp", patient, "HMARKT", "Marketing is no emergency at all")
        .statusCode(400)
        .body("issue[0].diagnostics", containsString("ETREAT"));
    assertEmergency("gp", patient, "ETREAT", "urgent")
        .statusCode(400)
        .body("issue[0].diagnostics", containsString("explain"));
    for (String user : new String[] {"commissioner", "content-author"}) {
      assertEmergency(user, patient, "ETREAT", "Trying to look at a patient's record")
          .statusCode(403);
    }
    assertEmergency("gp", "does-not-exist", "ETREAT", "Unconscious in A&E, no other record")
        .statusCode(404);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from cp_emergency_access where patient_id = ?",
                Integer.class,
                patient))
        .isZero();
    as("gp").get("/Patient/" + patient).then().statusCode(404);
  }

  @Test
  void addingOnesOwnOrganisationToACareTeamDoesNotOpenTheRecord() {
    String patient = "Patient/" + newPatient("1944-04-08", "Team", "Organization/demo-practice-1");
    String team = created("gp", "CareTeam", careTeam(patient, "Organization/demo-social-care"));

    // The community nurse has no relationship: neither a new team nor joining the existing one.
    as("community-nurse")
        .body(careTeam(patient, "Organization/demo-community-trust"))
        .post("/CareTeam")
        .then()
        .statusCode(403);
    as("community-nurse")
        .body(
            JsonFixture.tree(
                    "/access/care-team.json",
                    Map.of(
                        "status",
                        "active",
                        "patient",
                        patient,
                        "member",
                        "Organization/demo-community-trust"))
                .put("id", team)
                .toString())
        .put("/CareTeam/" + team)
        .then()
        .statusCode(403);
    as("community-nurse").get("/" + patient).then().statusCode(404);

    // The social worker, on the team, may add the community trust; then the nurse sees the record.
    as("social-worker")
        .body(
            "{\"resourceType\":\"CareTeam\",\"id\":\""
                + team
                + "\",\"status\":\"active\",\"subject\":{\"reference\":\""
                + patient
                + "\"},\"participant\":[{\"member\":{\"reference\":\"Organization/demo-social-care\"}},"
                + "{\"member\":{\"reference\":\"Organization/demo-community-trust\"}}]}")
        .put("/CareTeam/" + team)
        .then()
        .statusCode(200);
    as("community-nurse").get("/" + patient).then().statusCode(200);
  }

  @Test
  void aRecordCannotBeMovedToAnotherPatientsRecord() {
    String first = "Patient/" + newPatient("1944-04-09", "First", "Organization/demo-practice-1");
    String second = "Patient/" + newPatient("1944-04-10", "Second", "Organization/demo-practice-1");
    String condition =
        created(
            "gp",
            "Condition",
            JsonFixture.of(
                "/support/condition.json", Map.of("snomed", "161891005", "patient", first)));

    as("gp")
        .body(
            JsonFixture.tree(
                    "/support/condition.json", Map.of("snomed", "161891005", "patient", second))
                .put("id", condition)
                .toString())
        .put("/Condition/" + condition)
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("cannot be moved"));
    as("gp")
        .get("/Condition/" + condition)
        .then()
        .statusCode(200)
        .body("subject.reference", equalTo(first));
  }

  @Test
  void aCommissionerIsToldTheyGetAggregatesNotPatients() {
    as("commissioner")
        .get("/Patient")
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("aggregates"));
    as("content-author").get("/Condition").then().statusCode(403);
    as("commissioner").get("/Organization/demo-ics").then().statusCode(200);
  }

  @Test
  void aGpRegistersPatientsOnlyAtTheirOwnPractice() {
    as("gp")
        .body(
            JsonFixture.of(
                "/support/patient.json",
                Map.of(
                    "birthDate",
                    "1950-01-01",
                    "family",
                    "Elsewhere",
                    "practice",
                    "Organization/demo-practice-3")))
        .post("/Patient")
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("registered at the user's own practice"));
    // The care coordinator of PCN 1 may register at either of its practices.
    as("care-coordinator")
        .body(
            JsonFixture.of(
                "/support/patient.json",
                Map.of(
                    "birthDate",
                    "1950-01-01",
                    "family",
                    "Pcn",
                    "practice",
                    "Organization/demo-practice-2")))
        .post("/Patient")
        .then()
        .statusCode(201);
  }

  private static String careTeam(String patient, String member) {
    return AccessFixtures.careTeam(patient, "active", member);
  }

  /** Asserts emergency access to {@code patient} (an id) as {@code user}; the response. */
  private io.restassured.response.ValidatableResponse assertEmergency(
      String user, String patient, String code, String text) {
    return as(user)
        .body(emergency(code, text))
        .post("/Patient/" + patient + "/$emergency-access")
        .then();
  }

  private static String emergency(String code, String text) {
    return JsonFixture.of("/access/emergency-access.json", Map.of("code", code, "text", text));
  }
}
