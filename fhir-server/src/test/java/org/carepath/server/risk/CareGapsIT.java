package org.carepath.server.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code Organization/[id]/$gaps}: who is at risk and not getting the care they need. */
class CareGapsIT extends RiskTestSupport {

  @Test
  void aPcnSeesSevereFrailtyWithoutAPlanAndDiabeticsMissingCareProcessesAcrossItsPractices() {
    // demo-practice-1 is part of demo-pcn-1, the demo care coordinator's PCN.
    String frailWithoutPlan = patient("1932-01-01", "Organization/demo-practice-1");
    addConditions(frailWithoutPlan, FOURTEEN_DEFICIT_CONDITIONS);
    stratify(frailWithoutPlan, NO_PARAMETERS);

    String frailWithPlan = patient("1932-01-01", "Organization/demo-practice-1");
    addConditions(frailWithPlan, FOURTEEN_DEFICIT_CONDITIONS);
    stratify(frailWithPlan, NO_PARAMETERS);
    post(
        "CarePlan",
        "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\",\"category\":[{\"coding\":[{\"system\":\"https://fhir.carepath.org/CodeSystem/care-plan-category\",\"code\":\"pcsp\"}]}],"
            + "\"subject\":{\"reference\":\"Patient/"
            + frailWithPlan
            + "\"}}");

    String diabetic = patient("1955-05-05", "Organization/demo-practice-1");
    addConditions(diabetic, List.of("44054006"));
    post(
        "Observation",
        "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59261-8\"}]},"
            + "\"subject\":{\"reference\":\"Patient/"
            + diabetic
            + "\"},\"effectiveDateTime\":\""
            + LocalDate.now().minusDays(10)
            + "\",\"valueQuantity\":{\"value\":52,\"unit\":\"mmol/mol\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mmol/mol\"}}");
    stratify(diabetic, DIABETES_MODEL);

    JsonPath gaps =
        as("care-coordinator")
            .get("/Organization/demo-pcn-1/$gaps")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(gaps.getString("resourceType")).isEqualTo("List");
    List<Map<String, Object>> entries = gaps.getList("entry");
    assertThat(kindOf(gaps, frailWithoutPlan)).isEqualTo("severe-frailty-without-pcsp");
    assertThat(kindOf(gaps, frailWithPlan)).isNull();
    assertThat(kindOf(gaps, diabetic)).isEqualTo("diabetes-care-processes-missing");
    assertThat(reasonOf(gaps, diabetic)).contains("foot-surveillance").doesNotContain("hba1c");
    assertThat(entries).isNotEmpty();

    // Another PCN's gaps list does not have them (nor could this coordinator see them there).
    JsonPath elsewhere =
        as("care-coordinator")
            .get("/Organization/demo-pcn-2/$gaps")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(kindOf(elsewhere, frailWithoutPlan)).isNull();
  }

  private static String kindOf(JsonPath gaps, String patient) {
    return gaps.getString(
        "entry.find { it.item.reference == 'Patient/" + patient + "' }.flag.coding[0].code");
  }

  private static String reasonOf(JsonPath gaps, String patient) {
    return gaps.getString(
        "entry.find { it.item.reference == 'Patient/" + patient + "' }.flag.text");
  }

  private void stratify(String patient, String parameters) {
    as("gp").body(parameters).post("/Patient/" + patient + "/$stratify").then().statusCode(200);
  }
}
