package org.carepath.server.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pathway journeys through the FHIR API, as participants' systems would call it. */
class PathwayJourneyIT extends PathwayCalls {

  @Test
  void careHomeAdmissionOnTheFridayBeforeABankHolidayBreachesAndEscalates() {
    String patient = patient("1941-03-02");
    // Admitted Friday 22 May 2026, the Friday before the spring bank holiday.
    JsonPath enrolled =
        enrol(patient, "care-homes", "Organization/demo-care-home-1", "2026-05-22T14:00:00+01:00");

    assertThat(enrolled.getString("parameter.find { it.name == 'outcome' }.valueCode"))
        .isEqualTo("enrolled");
    Map<String, Object> pcsp = task(enrolled, "care-home-pcsp");
    assertThat(pcsp.get("status")).isEqualTo("draft");
    Map<String, Object> assessment = task(enrolled, "care-home-assessment");
    assertThat(java.time.OffsetDateTime.parse(restrictionEnd(assessment)).toInstant())
        .isEqualTo(java.time.Instant.parse("2026-06-03T22:59:59Z"));
    assertThat(
            ((Map<?, ?>) task(enrolled, "care-home-falls-assessment").get("owner"))
                .get("reference"))
        .isEqualTo("Organization/demo-care-home-1");

    // Completing the PCSP before the assessment is refused with the reason.
    as("gp")
        .body(withStatus(pcsp, "completed"))
        .put("/Task/" + pcsp.get("id"))
        .then()
        .statusCode(422)
        .body(containsString("waits for"));

    // The assessment was never done and its due date has passed: breaching, then escalated.
    String assessmentId = (String) assessment.get("id");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                as("care-coordinator")
                    .get("/Task?focus=Task/" + assessmentId)
                    .then()
                    .statusCode(200)
                    .body(containsString("step-breaching"))
                    .body(containsString("Organization/demo-pcn-1")));
    as("gp").get("/Task/" + assessmentId).then().body(containsString("breaching"));

    // Enrolling again is a no-op answering the same care plan.
    JsonPath again =
        enrol(patient, "care-homes", "Organization/demo-care-home-1", "2026-05-22T14:00:00+01:00");
    assertThat(again.getString("parameter.find { it.name == 'outcome' }.valueCode"))
        .isEqualTo("already-enrolled");
    assertThat(again.getString("parameter.find { it.name == 'carePlan' }.resource.id"))
        .isEqualTo(enrolled.getString("parameter.find { it.name == 'carePlan' }.resource.id"));
  }

  @Test
  void hotClinicReferralThroughDischargeOpensTheGpSixWeekReview() {
    String patient = patient("1950-07-14");
    condition(patient, "13645005"); // COPD
    JsonPath enrolled = enrol(patient, "hot-clinic", null, null);

    complete(task(enrolled, "hot-clinic-accept"), null);
    Map<String, Object> review = current(task(enrolled, "hot-clinic-review"));
    assertThat(review.get("status")).isEqualTo("ready");
    complete(review, null);
    complete(current(task(enrolled, "hot-clinic-outcome")), "discharged-home");

    Map<String, Object> sixWeek = current(task(enrolled, "copd-post-discharge-review"));
    assertThat(sixWeek.get("status")).isEqualTo("ready");
    assertThat(((Map<?, ?>) sixWeek.get("owner")).get("reference")).isEqualTo(PRACTICE);

    // The GP's worklist shows it, due within the next weeks; standard searches work too.
    assertThat(
            searchTotal(
                "gp",
                "Task",
                "owner",
                PRACTICE,
                "status",
                "ready",
                "code",
                "copd-post-discharge-review",
                "patient",
                patient))
        .isEqualTo(1);
  }

  @Test
  void applyPreviewsWithoutStoringAndAnIneligiblePatientGets422WithTheReason() {
    String patient = patient("1960-01-01");
    int plansBefore = searchTotal("gp", "CarePlan", "subject", "Patient/" + patient);

    as("gp")
        .get("/PlanDefinition/hot-clinic/$apply?subject=Patient/" + patient)
        .then()
        .statusCode(422)
        .body(containsString("No respiratory disease"));
    condition(patient, "13645005"); // COPD: no trigger enrols on it
    as("gp")
        .get("/PlanDefinition/hot-clinic/$apply?subject=Patient/" + patient)
        .then()
        .statusCode(200)
        .body(containsString("hot-clinic-accept"))
        .body(containsString("\"contained\""));

    assertThat(searchTotal("gp", "CarePlan", "subject", "Patient/" + patient))
        .isEqualTo(plansBefore);
  }

  @Test
  void aDiabetesDiagnosisEnrolsThroughTheTriggerAndTheWorklistGroupsSteps() {
    String patient = patient("1970-05-05");
    condition(patient, "44054006");

    awaitEnrolled(patient, "diabetes");
    JsonPath worklist =
        as("care-coordinator")
            .get("/$worklist?pcn=Organization/demo-pcn-1")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(
            worklist.getList(
                "parameter.findAll { it.name == 'pathway' }.part.flatten().findAll { it.name == 'code' }.valueCode"))
        .contains("diabetes");
  }

  @Test
  void poorDiabetesControlOpensTheSpecialistEscalationStep() {
    String patient = patient("1962-06-06");
    condition(patient, "44054006"); // type 2 diabetes: the trigger enrols
    awaitStep(patient, "diabetes-hba1c", "ready");
    as("gp")
        .body(
            "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59261-8\"}]},"
                + "\"subject\":{\"reference\":\"Patient/"
                + patient
                + "\"},\"effectiveDateTime\":\""
                + java.time.LocalDate.now().minusDays(3)
                + "\",\"valueQuantity\":{\"value\":82,\"unit\":\"mmol/mol\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mmol/mol\"}}")
        .post("/Observation")
        .then()
        .statusCode(201);
    assertThat(
            searchTotal(
                "gp",
                "Task",
                "patient",
                "Patient/" + patient,
                "code",
                "diabetes-specialist-escalation"))
        .isZero();

    // Scoring diabetes control puts the patient in the poor-control band: the escalation opens.
    as("gp")
        .body(
            "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"model\",\"valueCode\":\"diabetes-control\"}]}")
        .post("/Patient/" + patient + "/$stratify")
        .then()
        .statusCode(200)
        .body(containsString("poor-control"));
    awaitStep(patient, "diabetes-specialist-escalation", "ready");
  }

  @Test
  void aWorklistListsMoreStepsThanADefaultPageOfSearchResults() {
    String practice = newPractice();
    String fiveDaysAgo = java.time.Instant.now().minus(Duration.ofDays(5)).toString();
    for (int i = 0; i < 13; i++) {
      enrol(
          patient("1940-01-01", practice),
          "care-homes",
          "Organization/demo-care-home-1",
          fiveDaysAgo);
    }
    // Each resident's assessment and falls assessment are due within the next 7 days: 26 steps,
    // more than one default page (20) of a search.
    JsonPath worklist =
        as("care-coordinator")
            .get("/$worklist?organization=" + practice)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(
            worklist.getInt(
                "parameter.find { it.name == 'pathway' }.part.find { it.name == 'dueSoon' }.valueInteger"))
        .isEqualTo(26);
    assertThat(
            worklist.getList(
                "parameter.find { it.name == 'pathway' }.part.findAll { it.name == 'dueSoonStep' }"))
        .hasSize(26);
  }

  @Test
  void aPatientWhoMovesPracticeTakesTheirStepsToTheNewPracticesWorklist() {
    String from = newPractice();
    String to = newPractice();
    String patient = patient("1940-02-02", from);
    enrol(
        patient,
        "care-homes",
        "Organization/demo-care-home-1",
        java.time.Instant.now().minus(Duration.ofDays(5)).toString());
    List<String> listedAtFrom = dueSoonSteps(from);
    assertThat(listedAtFrom).hasSize(2);
    assertThat(dueSoonSteps(to)).isEmpty();

    as(CARER)
        .body(
            "{\"resourceType\":\"Patient\",\"id\":\""
                + patient
                + "\",\"birthDate\":\"1940-02-02\",\"name\":[{\"family\":\"Pathway\"}],"
                + "\"generalPractitioner\":[{\"reference\":\""
                + to
                + "\"}]}")
        .put("/Patient/" + patient)
        .then()
        .statusCode(200);

    // The steps follow the registration in the Patient's own transaction: no wait.
    assertThat(dueSoonSteps(to)).containsExactlyInAnyOrderElementsOf(listedAtFrom);
  }

  @Test
  void aWorklistCountsOnlyTheStepsOfOrganisationsTheCallerActsFor() {
    String practice = newPractice();
    enrol(
        patient("1940-03-03", practice),
        "care-homes",
        "Organization/demo-care-home-1",
        java.time.Instant.now().minus(Duration.ofDays(5)).toString());

    // PCN 1's coordinator acts for the practice: its resident's two steps are due soon.
    assertThat(dueSoonCount("care-coordinator", practice)).isEqualTo(2);
    // Another PCN's coordinator, and another practice of the same PCN, count none of them.
    assertThat(dueSoonCount("care-coordinator-riverside", practice)).isZero();
    assertThat(dueSoonCount("gp-moorland", practice)).isZero();
    assertThat(
            as("gp-moorland")
                .get("/$worklist?organization=" + practice)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("parameter.find { it.name == 'scope' }.valueString"))
        .contains("counting only the organisations you act for");
  }

  /** How many care homes steps the practice's worklist counts as due soon, as {@code user}. */
  private int dueSoonCount(String user, String practice) {
    List<Integer> counts =
        as(user)
            .get("/$worklist?organization=" + practice)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList(
                "parameter.findAll { it.name == 'pathway' && it.part.find { p -> p.name == 'code'"
                    + " }.valueCode == 'care-homes' }.part.flatten().findAll { it.name =="
                    + " 'dueSoon' }.valueInteger",
                Integer.class);
    return counts.stream().mapToInt(Integer::intValue).sum();
  }

  /** The Task ids a practice's worklist lists as due soon in the care homes pathway. */
  private List<String> dueSoonSteps(String practice) {
    return as("care-coordinator")
        .get("/$worklist?organization=" + practice)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList(
            "parameter.findAll { it.name == 'pathway' && it.part.find { p -> p.name == 'code'"
                + " }.valueCode == 'care-homes' }.part.flatten().findAll { it.name =="
                + " 'dueSoonStep' }.resource.id",
            String.class);
  }
}
