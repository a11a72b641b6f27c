package org.carepath.server.fhir;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/** Concurrent edits: an update naming a version that is no longer current fails with 412. */
class IfMatchIT extends ServerTestSupport {

  @Test
  void staleIfMatchIsRejectedWith412AndTheStoredVersionIsUnchanged() {
    String id = createPatient("Original");

    as("gp")
        .header("If-Match", "W/\"1\"")
        .body(patient(id, "First editor"))
        .put("/Patient/" + id)
        .then()
        .statusCode(200)
        .body("meta.versionId", equalTo("2"));

    as("gp")
        .header("If-Match", "W/\"1\"")
        .body(patient(id, "Second editor, working from version 1"))
        .put("/Patient/" + id)
        .then()
        .statusCode(412)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", containsString("If-Match"));

    as("gp")
        .get("/Patient/" + id)
        .then()
        .statusCode(200)
        .body("meta.versionId", equalTo("2"))
        .body("name[0].family", equalTo("First editor"));
  }

  @Test
  void currentIfMatchIsAccepted() {
    String id = createPatient("Original");

    as("gp")
        .header("If-Match", "W/\"1\"")
        .body(patient(id, "Edited"))
        .put("/Patient/" + id)
        .then()
        .statusCode(200)
        .body("meta.versionId", equalTo("2"));
  }

  private String createPatient(String family) {
    return as("gp")
        .body(
            "{\"resourceType\":\"Patient\",\"generalPractitioner\":[{\"reference\":\"Organization/demo-practice-1\"}],\"name\":[{\"family\":\""
                + family
                + "\"}]}")
        .post("/Patient")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static String patient(String id, String family) {
    return "{\"resourceType\":\"Patient\",\"id\":\""
        + id
        + "\",\"generalPractitioner\":[{\"reference\":\"Organization/demo-practice-1\"}],\"name\":[{\"family\":\""
        + family
        + "\"}]}";
  }
}
