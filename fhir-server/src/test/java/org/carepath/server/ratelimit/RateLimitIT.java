package org.carepath.server.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.carepath.server.support.ServerInstances;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One client over its rate limit gets 429 with Retry-After and an OperationOutcome, while another
 * client is served as usual; after the wait it is served again.
 */
class RateLimitIT {

  @Test
  void aClientOverItsLimitIs429WhileOthersAreServed() throws Exception {
    try (ConfigurableApplicationContext server =
        ServerInstances.start(
            ServerTestSupport.freshDataDir(),
            "--carepath.fhir.rate-limit.per-second=1",
            "--carepath.fhir.rate-limit.burst=5")) {
      String base = ServerInstances.fhirBase(server);
      String noisy = ServerInstances.token(server, "gp");
      String other = ServerInstances.token(server, "gp-moorland");

      List<Response> answers = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        answers.add(given().auth().oauth2(noisy).get(base + "/Organization?_count=1"));
      }
      long served = answers.stream().filter(a -> a.statusCode() == 200).count();
      assertThat(served).as("the burst, and perhaps one refill").isBetween(5L, 7L);
      Response refused =
          answers.stream().filter(a -> a.statusCode() == 429).findFirst().orElseThrow();
      assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 2);
      assertThat(refused.jsonPath().getString("issue[0].code")).isEqualTo("throttled");

      // Another client is not held up by the first.
      given().auth().oauth2(other).get(base + "/Organization?_count=1").then().statusCode(200);

      Thread.sleep(Integer.parseInt(refused.header("Retry-After")) * 1000L + 200);
      given().auth().oauth2(noisy).get(base + "/Organization?_count=1").then().statusCode(200);
      // The metadata needs no token and counts against no one.
      given().get(base + "/metadata").then().statusCode(200);
    }
  }
}
