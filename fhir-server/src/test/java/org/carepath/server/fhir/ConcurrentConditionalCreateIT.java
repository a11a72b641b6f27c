package org.carepath.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/** Ten clients re-sending the same conditional create at once store exactly one resource. */
class ConcurrentConditionalCreateIT extends ServerTestSupport {

  @Test
  void tenConcurrentIdenticalConditionalCreatesStoreOneResourceAndAllGetIt() throws Exception {
    String value = unique("concurrent");
    String body =
        """
        {"resourceType": "Patient",
         "identifier": [{"system": "%s", "value": "%s"}],
         "name": [{"family": "Concurrent"}],
         "generalPractitioner": [{"reference": "Organization/demo-practice-1"}]}
        """
            .formatted(Fixtures.TEST_SYSTEM, value);
    String condition = "identifier=" + Fixtures.TEST_SYSTEM + "|" + value;
    String token = tokenFor("gp");

    ExecutorService pool = Executors.newFixedThreadPool(10);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Response>> responses = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        responses.add(
            pool.submit(
                () -> {
                  start.await();
                  return io.restassured.RestAssured.given()
                      .baseUri(fhirBase())
                      .auth()
                      .oauth2(token)
                      .contentType("application/fhir+json")
                      .header("If-None-Exist", condition)
                      .body(body)
                      .post("/Patient");
                }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (Future<Response> future : responses) {
        Response response = future.get();
        statuses.add(response.statusCode());
        ids.add(response.jsonPath().getString("id"));
      }

      assertThat(statuses).containsOnly(200, 201);
      assertThat(statuses).containsOnlyOnce(201);
      assertThat(ids).doesNotContainNull().containsOnly(ids.get(0));
    } finally {
      pool.shutdownNow();
    }

    int stored = searchTotal("gp", "Patient", "identifier", Fixtures.TEST_SYSTEM + "|" + value);
    assertThat(stored).isEqualTo(1);
  }
}
