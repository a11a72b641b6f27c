package org.carepath.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/** Bad input gets a 4xx with an OperationOutcome, and nothing is stored. */
class BadInputIT extends ServerTestSupport {

  @Test
  void malformedJsonIsRejectedAndNothingStored() {
    String value = unique("malformed");
    String truncated =
        "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\""
            + Fixtures.TEST_SYSTEM
            + "\",\"value\":\""
            + value
            + "\"}],\"name\":[{\"family\":";

    as("gp")
        .body(truncated)
        .post("/Patient")
        .then()
        .statusCode(400)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].severity", equalTo("error"));

    assertNothingStored("Patient", value);
  }

  @Test
  void unknownResourceTypeIsRejected() {
    as("gp")
        .body("{\"resourceType\":\"CarePathway\",\"status\":\"active\"}")
        .post("/CarePathway")
        .then()
        .statusCode(404)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", containsString("Unknown resource type"));
  }

  @Test
  void invalidCodeIsRejectedAndNothingStored() {
    String value = unique("invalid-code");
    as("gp")
        .body(patientWith(value, "\"gender\":\"robot\""))
        .post("/Patient")
        .then()
        .statusCode(400)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", containsString("gender"));

    assertNothingStored("Patient", value);
  }

  @Test
  void unknownElementIsRejectedAndNothingStored() {
    String value = unique("unknown-element");
    as("gp")
        .body(patientWith(value, "\"favouriteColour\":\"blue\""))
        .post("/Patient")
        .then()
        .statusCode(400)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", containsString("favouriteColour"));

    assertNothingStored("Patient", value);
  }

  @Test
  void invalidDateIsRejectedAndNothingStored() {
    String value = unique("invalid-date");
    as("gp")
        .body(patientWith(value, "\"birthDate\":\"1950-13-45\""))
        .post("/Patient")
        .then()
        .statusCode(400)
        .body("resourceType", equalTo("OperationOutcome"));

    assertNothingStored("Patient", value);
  }

  @Test
  void referenceToAMissingResourceIsRejectedAndNothingStored() {
    String value = unique("dangling");
    as("gp")
        .body(
            patientWith(
                value,
                "\"generalPractitioner\":[{\"reference\":\"Organization/no-such-practice\"}]"))
        .post("/Patient")
        .then()
        .statusCode(400)
        .body("resourceType", equalTo("OperationOutcome"));

    assertNothingStored("Patient", value);
  }

  private static String patientWith(String identifierValue, String extraElement) {
    return "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\""
        + Fixtures.TEST_SYSTEM
        + "\",\"value\":\""
        + identifierValue
        + "\"}],"
        + extraElement
        + "}";
  }

  private void assertNothingStored(String type, String identifierValue) {
    assertThat(searchTotal("gp", type, "identifier", Fixtures.TEST_SYSTEM + "|" + identifierValue))
        .isZero();
  }
}
