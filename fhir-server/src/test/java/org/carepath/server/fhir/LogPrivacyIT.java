package org.carepath.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * No patient data in logs: requests that fail in the ways that make HAPI, Hibernate or PostgreSQL
 * repeat what was sent (a parse error, a missing reference, a race between conditional creates)
 * leave no identifier or value of the patient in the server's output.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogPrivacyIT extends ServerTestSupport {

  @Test
  void failedRequestsLeaveNoPatientDataInTheLog(CapturedOutput output) {
    String nhsNumber = testNhsNumber();
    String family = unique("Surname");

    // A parse error naming the value.
    as("gp")
        .body(
            "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\""
                + family
                + "\"}],"
                + "\"birthDate\":\""
                + nhsNumber
                + "\"}")
        .post("/Patient")
        .then()
        .statusCode(400);

    // Concurrent conditional creates on an NHS number: the losers hit PostgreSQL's unique key.
    String condition = "identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhsNumber;
    String body =
        "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\","
            + "\"value\":\""
            + nhsNumber
            + "\"}],\"generalPractitioner\":[{\"reference\":\"Organization/demo-practice-1\"}],\"name\":[{\"family\":\""
            + family
            + "\"}]}";
    List<CompletableFuture<Integer>> racers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      racers.add(
          CompletableFuture.supplyAsync(
              () ->
                  as("gp")
                      .header("If-None-Exist", condition)
                      .body(body)
                      .post("/Patient")
                      .statusCode()));
    }
    racers.forEach(racer -> assertThat(racer.join()).isIn(200, 201));

    // A reference to something that does not exist, from a resource carrying the number.
    as("gp")
        .body(body.replace("Organization/demo-practice-1", "Organization/missing-" + nhsNumber))
        .post("/Patient")
        .then()
        .statusCode(400);

    assertThat(output.getAll()).doesNotContain(nhsNumber).doesNotContain(family);
    assertThat(output.getAll()).contains("carepath.fhir.errors");
  }
}
