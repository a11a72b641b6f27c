package org.carepath.server.storage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import org.carepath.server.security.DevIssuer;
import org.carepath.server.support.ServerInstances;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL stops while the server runs (the short version of the fault suite's outage): requests
 * get a prompt 503 with Retry-After and an OperationOutcome, readiness goes down while liveness
 * stays up, and when PostgreSQL is back the server serves again without a restart — with what was
 * stored before.
 */
class DatabaseOutageIT {

  @Test
  void anOutageIsAPrompt503AndTheServerRecoversWithoutARestart() throws Exception {
    Path data = ServerTestSupport.freshDataDir();
    EmbeddedPostgres restarted = null;
    try (ConfigurableApplicationContext server =
        ServerInstances.start(data, "--carepath.storage.connection-timeout=2s")) {
      String base = ServerInstances.fhirBase(server);
      String app = base.substring(0, base.length() - "/fhir".length());
      String token = ServerInstances.token(server, "gp");
      given().auth().oauth2(token).get(base + "/Organization?_count=1").then().statusCode(200);
      given().get(app + "/actuator/health/readiness").then().statusCode(200);

      EmbeddedPostgres postgres = server.getBean(EmbeddedPostgres.class);
      int port = postgres.getPort();
      postgres.close();

      long started = System.nanoTime();
      Response refused = given().auth().oauth2(token).get(base + "/Organization?_count=1");
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.header("Retry-After")).isEqualTo("10");
      assertThat(refused.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
      assertThat(refused.jsonPath().getString("issue[0].diagnostics"))
          .contains("database cannot be reached")
          .doesNotContain("Exception");
      assertThat(took).as("prompt, not a hang").isLessThan(Duration.ofSeconds(10));
      // CDS Hooks, beside the FHIR API (its JWT's replay check reads the database): 503 too.
      String cds = app + "/cds-services";
      Response cdsRefused = given().auth().oauth2(ehrToken(server, cds)).get(cds);
      assertThat(cdsRefused.statusCode()).isEqualTo(503);
      assertThat(cdsRefused.header("Retry-After")).isEqualTo("10");
      assertThat(cdsRefused.jsonPath().getString("error")).contains("database cannot be reached");
      given().get(app + "/actuator/health/readiness").then().statusCode(503);
      given().get(app + "/actuator/health/liveness").then().statusCode(200);

      restarted =
          EmbeddedPostgres.builder()
              .setDataDirectory(data.resolve("postgres"))
              .setCleanDataDirectory(false)
              .setPort(port)
              .setServerConfig("max_connections", "200")
              .start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int status = 0;
      while (System.nanoTime() < deadline && status != 200) {
        status = given().auth().oauth2(token).get(base + "/Organization?_count=1").statusCode();
        if (status != 200) {
          Thread.sleep(500);
        }
      }
      assertThat(status).as("served again without a restart").isEqualTo(200);
      given().auth().oauth2(ehrToken(server, cds)).get(cds).then().statusCode(200);
      given().get(app + "/actuator/health/readiness").then().statusCode(200);
    } finally {
      if (restarted != null) {
        restarted.close();
      }
    }
  }

  /** A JWT of the development issuer's EHR, addressed to {@code audience}. */
  private static String ehrToken(ConfigurableApplicationContext server, String audience) {
    int port = server.getBean(DevIssuer.class).port();
    return given()
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", "gp-ehr")
        .formParam("client_secret", "ehr")
        .formParam("scope", audience)
        .formParam("audience", audience)
        .post("http://127.0.0.1:" + port + "/ehr/token")
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }
}
