package org.carepath.server.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code Patient/[id]/$stratify} as a clinician's system calls it. */
class StratifyIT extends RiskTestSupport {

  @Test
  void scoresTheFrailtyIndexExplainsItAndSupersedesTheLastResult() {
    String patient = createPatient("1940-05-01");
    addConditions(patient, EIGHT_DEFICIT_CONDITIONS);
    for (int i = 0; i < 5; i++) {
      post(
          "MedicationStatement",
          "{\"resourceType\":\"MedicationStatement\",\"status\":\"active\",\"medicationCodeableConcept\":{\"text\":\"medicine "
              + i
              + "\"},\"subject\":{\"reference\":\"Patient/"
              + patient
              + "\"}}");
    }

    JsonPath first = stratify(patient);
    assertThat(first.getString("resourceType")).isEqualTo("RiskAssessment");
    assertThat(first.getString("method.coding[0].code")).isEqualTo("efi");
    assertThat(first.getString("method.coding[0].version")).isEqualTo("2016");
    assertThat(first.getString("prediction[0].qualitativeRisk.coding[0].code"))
        .isEqualTo("moderate");
    assertThat(first.getDouble("prediction[0].extension[0].valueDecimal")).isEqualTo(0.25);
    assertThat(
            first.getList(
                "extension.collect { it.valueCodeableConcept.coding[0].code }", String.class))
        .hasSize(9)
        .contains("falls", "hypertension", "atrial-fibrillation", "polypharmacy");
    assertThat(first.getList("basis.reference", String.class)).hasSize(13);

    // A new condition, a new run: the same RiskAssessment, next version, score moved.
    addConditions(patient, List.of("64859006"));
    JsonPath second = stratify(patient);
    assertThat(second.getString("id")).isEqualTo(first.getString("id"));
    assertThat(second.getString("meta.versionId")).isEqualTo("2");
    assertThat(second.getList("extension")).hasSize(10);
    assertThat(searchTotal("gp", "RiskAssessment", "subject", "Patient/" + patient)).isEqualTo(1);
  }

  @Test
  void becomingSeverelyFrailSuggestsAReviewOnceAndTheCohortIsSearchable() {
    String patient =
        post(
            "Patient",
            "{\"resourceType\":\"Patient\",\"birthDate\":\"1935-02-02\",\"name\":[{\"family\":\"Severe\"}],"
                + "\"generalPractitioner\":[{\"reference\":\"Organization/demo-practice-1\"}]}");
    addConditions(patient, FOURTEEN_DEFICIT_CONDITIONS);

    JsonPath result = stratify(patient);
    assertThat(result.getString("prediction[0].qualitativeRisk.coding[0].code"))
        .isEqualTo("severe");
    String riskAssessment = "RiskAssessment/" + result.getString("id");

    JsonPath suggestions = suggestionsFor(patient);
    assertThat(entries(suggestions)).isEqualTo(1);
    assertThat(suggestions.getString("entry[0].resource.intent")).isEqualTo("proposal");
    assertThat(suggestions.getString("entry[0].resource.owner.reference"))
        .isEqualTo("Organization/demo-practice-1");
    assertThat(suggestions.getString("entry[0].resource.focus.reference"))
        .isEqualTo(riskAssessment);
    assertThat(suggestions.getString("entry[0].resource.description"))
        .contains("0.39")
        .contains("MDT");

    stratify(patient); // still severe: no second suggestion
    assertThat(entries(suggestionsFor(patient))).isEqualTo(1);

    // The practice finds its cohort; a commissioner gets aggregates, not the patients.
    as("commissioner")
        .queryParam("band", "https://fhir.carepath.org/CodeSystem/risk-band|severe")
        .get("/RiskAssessment")
        .then()
        .statusCode(403);
    List<String> cohort =
        as("gp")
            .queryParam("band", "https://fhir.carepath.org/CodeSystem/risk-band|severe")
            .queryParam("subject:Patient.general-practitioner", "Organization/demo-practice-1")
            .queryParam("score", "ge0.39")
            .get("/RiskAssessment")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("entry.resource.subject.reference", String.class);
    assertThat(cohort).contains("Patient/" + patient);
  }

  @Test
  void diabetesControlReportsTheBandTheThreeTargetsAndMissingCareProcesses() {
    String patient = createPatient("1960-03-03");
    addConditions(patient, List.of("44054006"));
    String recently = LocalDate.now().minusDays(20).toString();
    post("Observation", quantity(patient, "59261-8", 64, "mmol/mol", recently));
    post("Observation", quantity(patient, "14647-2", 4.2, "mmol/L", recently));
    post("Observation", quantity(patient, "14682-9", 80, "umol/L", recently));
    post("Observation", quantity(patient, "39156-5", 31, "kg/m2", recently));
    post(
        "Observation",
        "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"85354-9\"}]},"
            + "\"subject\":{\"reference\":\"Patient/"
            + patient
            + "\"},\"effectiveDateTime\":\""
            + recently
            + "\","
            + "\"component\":[{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\"}]},\"valueQuantity\":{\"value\":150,\"unit\":\"mmHg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mm[Hg]\"}},"
            + "{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8462-4\"}]},\"valueQuantity\":{\"value\":85,\"unit\":\"mmHg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mm[Hg]\"}}]}");

    JsonPath result = stratifyDiabetes(patient);

    assertThat(result.getString("method.coding[0].code")).isEqualTo("diabetes-control");
    assertThat(result.getString("prediction[0].qualitativeRisk.coding[0].code"))
        .isEqualTo("above-target");
    assertThat(result.getDouble("prediction[0].extension[0].valueDecimal")).isEqualTo(0.33);
    assertThat(result.getList("extension.valueCodeableConcept.coding.code.flatten()", String.class))
        .containsExactlyInAnyOrder("foot-surveillance", "smoking-status", "urine-albumin");
    assertThat(result.getString("note[0].text")).contains("HbA1c 64 mmol/mol").contains("1 of 3");

    // The eFI and diabetes control are separate results for the same patient.
    stratifyAsNonDiabeticIsRefused(createPatient("1960-03-03"));
  }

  private void stratifyAsNonDiabeticIsRefused(String patient) {
    as("gp")
        .body(DIABETES_MODEL)
        .post("/Patient/" + patient + "/$stratify")
        .then()
        .statusCode(422)
        .body("issue[0].diagnostics", containsString("diabetes diagnosis"));
  }

  private String quantity(String patient, String loinc, double value, String unit, String date) {
    return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\""
        + loinc
        + "\"}]},\"subject\":{\"reference\":\"Patient/"
        + patient
        + "\"},\"effectiveDateTime\":\""
        + date
        + "\",\"valueQuantity\":{\"value\":"
        + value
        + ",\"unit\":\""
        + unit
        + "\",\"system\":\"http://unitsofmeasure.org\",\"code\":\""
        + unit
        + "\"}}";
  }

  @Test
  void aRecordLongerThanAPageOfSearchResultsIsReadWhole() {
    String patient = createPatient("1958-08-08");
    addConditions(patient, List.of("44054006"));
    for (int i = 0; i < 24; i++) {
      post(
          "Observation",
          quantity(
              patient,
              "39156-5",
              30 + i / 10.0,
              "kg/m2",
              LocalDate.now().minusDays(300 - i).toString()));
    }
    // The 25th observation of the record, the only HbA1c: more than a page (20) of Observations.
    post(
        "Observation",
        quantity(patient, "59261-8", 80, "mmol/mol", LocalDate.now().minusDays(5).toString()));

    JsonPath result = stratifyDiabetes(patient);

    assertThat(result.getString("prediction[0].qualitativeRisk.coding[0].code"))
        .isEqualTo("poor-control");
    assertThat(result.getString("note[0].text")).contains("HbA1c 80 mmol/mol");
  }

  @Test
  void underSixtyFiveTheIndexDoesNotApplyAndTheReasonIsGiven() {
    String patient = createPatient("1990-01-01");
    as("gp")
        .body(NO_PARAMETERS)
        .post("/Patient/" + patient + "/$stratify")
        .then()
        .statusCode(422)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", containsString("65"));
    assertThat(searchTotal("gp", "RiskAssessment", "subject", "Patient/" + patient)).isZero();
  }

  @Test
  void aCommissionerCannotRunIt() {
    String patient = createPatient("1940-05-01");
    as("commissioner")
        .body(NO_PARAMETERS)
        .post("/Patient/" + patient + "/$stratify")
        .then()
        .statusCode(403);
  }

  private JsonPath suggestionsFor(String patient) {
    return as("care-coordinator")
        .queryParam(
            "code",
            "https://fhir.carepath.org/CodeSystem/coordinator-suggestion|severe-frailty-review")
        .queryParam("patient", "Patient/" + patient)
        .get("/Task")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private JsonPath stratify(String patient) {
    return as("gp")
        .body(NO_PARAMETERS)
        .post("/Patient/" + patient + "/$stratify")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private String createPatient(String birthDate) {
    return patient(birthDate, null);
  }

  /** Runs the diabetes control model for the patient as the GP: the RiskAssessment. */
  private JsonPath stratifyDiabetes(String patient) {
    return as("gp")
        .body(DIABETES_MODEL)
        .post("/Patient/" + patient + "/$stratify")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
