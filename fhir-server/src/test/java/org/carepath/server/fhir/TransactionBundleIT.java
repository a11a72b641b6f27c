package org.carepath.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import org.carepath.coordination.patient.NhsNumber;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/**
 * A GP system's transaction: a patient and their record in one atomic Bundle, internal references
 * as {@code urn:uuid}, the registered practice by conditional reference (its ODS code), and the
 * patient by conditional create so a re-send does not duplicate them.
 */
class TransactionBundleIT extends ServerTestSupport {

  @Test
  void storesEverythingAndResolvesUrnUuidAndConditionalReferences() {
    String nhsNumber = testNhsNumber();
    String bundle = patientBundle(nhsNumber, unique("condition"));

    JsonPath response = as("gp").body(bundle).post().then().statusCode(200).extract().jsonPath();
    assertThat(response.getList("entry.response.status", String.class))
        .allSatisfy(status -> assertThat(status).startsWith("201"));

    JsonPath patient = findPatient(nhsNumber);
    assertThat(entries(patient)).isEqualTo(1);
    String patientId = patient.getString("entry[0].resource.id");
    assertThat(patient.getString("entry[0].resource.generalPractitioner[0].reference"))
        .isEqualTo("Organization/demo-practice-1");

    JsonPath conditions =
        as("gp")
            .queryParam("subject", "Patient/" + patientId)
            .get("/Condition")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(entries(conditions)).isEqualTo(1);
    assertThat(conditions.getString("entry[0].resource.code.coding[0].code")).isEqualTo("44054006");
  }

  @Test
  void aResentBundleFindsThePatientInsteadOfDuplicatingThem() {
    String nhsNumber = testNhsNumber();
    as("gp").body(patientBundle(nhsNumber, unique("condition"))).post().then().statusCode(200);

    JsonPath again =
        as("gp")
            .body(patientBundle(nhsNumber, unique("condition")))
            .post()
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(again.getString("entry[0].response.status")).startsWith("200");
    assertThat(entries(findPatient(nhsNumber))).isEqualTo(1);
  }

  @Test
  void aBundleWithOneInvalidEntryStoresNothing() {
    String nhsNumber = testNhsNumber();
    String bundle =
        patientBundle(nhsNumber, unique("condition"))
            .replace("\"status\": \"final\"", "\"status\": \"not-a-status\"");

    as("gp")
        .body(bundle)
        .post()
        .then()
        .statusCode(400)
        .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"));

    assertThat(entries(findPatient(nhsNumber))).isZero();
  }

  private JsonPath findPatient(String nhsNumber) {
    return as("gp")
        .queryParam("identifier", NhsNumber.SYSTEM + "|" + nhsNumber)
        .get("/Patient")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static String patientBundle(String nhsNumber, String conditionIdentifier) {
    return """
        {
          "resourceType": "Bundle",
          "type": "transaction",
          "entry": [
            {
              "fullUrl": "urn:uuid:8f0c5a36-0000-4000-8000-000000000001",
              "resource": {
                "resourceType": "Patient",
                "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "%1$s"}],
                "name": [{"family": "Transaction", "given": ["Tess"]}],
                "birthDate": "1950-04-01",
                "generalPractitioner": [
                  {"reference": "Organization?identifier=https://fhir.nhs.uk/Id/ods-organization-code|Z99101"}
                ]
              },
              "request": {
                "method": "POST",
                "url": "Patient",
                "ifNoneExist": "identifier=https://fhir.nhs.uk/Id/nhs-number|%1$s"
              }
            },
            {
              "fullUrl": "urn:uuid:8f0c5a36-0000-4000-8000-000000000002",
              "resource": {
                "resourceType": "Condition",
                "identifier": [{"system": "https://fhir.carepath.org/Id/test", "value": "%2$s"}],
                "code": {"coding": [{"system": "http://snomed.info/sct", "code": "44054006"}]},
                "subject": {"reference": "urn:uuid:8f0c5a36-0000-4000-8000-000000000001"}
              },
              "request": {"method": "POST", "url": "Condition"}
            },
            {
              "fullUrl": "urn:uuid:8f0c5a36-0000-4000-8000-000000000003",
              "resource": {
                "resourceType": "Observation",
                "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "59261-8"}]},
                "subject": {"reference": "urn:uuid:8f0c5a36-0000-4000-8000-000000000001"},
                "valueQuantity": {"value": 61, "unit": "mmol/mol", "system": "http://unitsofmeasure.org", "code": "mmol/mol"}
              },
              "request": {"method": "POST", "url": "Observation"}
            }
          ]
        }
        """
        .formatted(nhsNumber, conditionIdentifier);
  }
}
