package org.carepath.server.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/** Prometheus scrapes request figures and Carepath's backlogs, without a token and without data. */
class MetricsIT extends ServerTestSupport {

  @Test
  void prometheusSeesRequestsBacklogsAndRuns() {
    as("gp").get("/Organization?_count=1").then().statusCode(200);
    String metrics =
        given()
            .get("http://localhost:" + port + "/actuator/prometheus")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(metrics).contains("http_server_requests_seconds_count");
    for (String gauge :
        new String[] {
          "carepath_notifications_pending",
          "carepath_notifications_oldest_pending_age",
          "carepath_scheduler_due",
          "carepath_population_runs_active",
          "carepath_population_chunks_pending"
        }) {
      Matcher value = Pattern.compile("(?m)^" + gauge + "\\S* (\\S+)$").matcher(metrics);
      assertThat(value.find()).as(gauge + " is exported").isTrue();
      double read = Double.parseDouble(value.group(1));
      assertThat(read)
          .as(gauge + " is read from the database")
          .isNotNaN()
          .isGreaterThanOrEqualTo(0);
    }
    // Counts and timings only: no identifiers of people.
    assertThat(metrics).doesNotContain("nhs-number", "Patient/");
  }
}
