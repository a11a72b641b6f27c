package org.carepath.server.storage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.carepath.server.CarepathApplication;
import org.carepath.server.security.DevIssuer;
import org.carepath.server.support.ServerTestSupport;
import org.carepath.server.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default keeps its data: stop the server, start it again on the same data folder, and
 * what was written is still there (same id, same version, same content) — and work that was
 * recorded but not yet done (a population stratification run, here requested on a replica that runs
 * no scheduled work) is done after the restart.
 */
class RestartPersistenceIT {

  @Test
  void dataAndPendingWorkSurviveARestartOfTheEmbeddedDefault() throws InterruptedException {
    Path dataDir = ServerTestSupport.freshDataDir();
    assertThat(dataDir.resolve("postgres")).doesNotExist();

    String id;
    String runStatus;
    try (ConfigurableApplicationContext first =
        start(dataDir, "--carepath.scheduling.enabled=false")) {
      id =
          given()
              .baseUri(fhirBase(first))
              .auth()
              .oauth2(token(first))
              .contentType("application/fhir+json")
              .body(
                  "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Persistent\"}],"
                      + "\"birthDate\":\"1936-03-01\"}")
              .post("/Patient")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      String location =
          given()
              .baseUri(fhirBase(first))
              .auth()
              .oauth2(token(first))
              .contentType("application/fhir+json")
              .header("Prefer", "respond-async")
              .body("{\"resourceType\":\"Parameters\"}")
              .post("/$stratify")
              .then()
              .statusCode(202)
              .extract()
              .header("Content-Location");
      runStatus = location.substring(location.indexOf("/$stratify-status"));
      // Recorded, not run: this replica runs no scheduled work.
      given()
          .baseUri(fhirBase(first))
          .auth()
          .oauth2(token(first))
          .get(runStatus)
          .then()
          .statusCode(202)
          .header("X-Progress", equalTo("listing patients"));
    }

    assertThat(dataDir.resolve("postgres")).isDirectoryContaining("glob:**/PG_VERSION");

    try (ConfigurableApplicationContext second = start(dataDir)) {
      given()
          .baseUri(fhirBase(second))
          .auth()
          .oauth2(token(second))
          .get("/Patient/" + id)
          .then()
          .statusCode(200)
          .body("name[0].family", equalTo("Persistent"))
          .body("meta.versionId", equalTo("1"));

      // The conformance package was loaded again at start-up and changed nothing.
      given()
          .baseUri(fhirBase(second))
          .auth()
          .oauth2(token(second))
          .get("/StructureDefinition/carepath-patient")
          .then()
          .statusCode(200)
          .body("meta.versionId", equalTo("1"));

      // The run requested before the restart is done after it.
      Instant deadline = Instant.now().plusSeconds(60);
      int status = 0;
      while (status != 200 && Instant.now().isBefore(deadline)) {
        status =
            given()
                .baseUri(fhirBase(second))
                .auth()
                .oauth2(token(second))
                .get(runStatus)
                .statusCode();
        Thread.sleep(200);
      }
      given()
          .baseUri(fhirBase(second))
          .auth()
          .oauth2(token(second))
          .get(runStatus)
          .then()
          .statusCode(200)
          .body(
              "entry[0].resource.parameter.find { it.name == 'patients' }.valueInteger", equalTo(1))
          .body(
              "entry[0].resource.parameter.find { it.name == 'efi' }.part[0].name", equalTo("fit"));
    }
  }

  private static ConfigurableApplicationContext start(Path dataDir, String... more) {
    // Command-line arguments outrank application.yaml (builder "properties" would not).
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--carepath.security.dev-issuer.port=0",
                "--carepath.demo.enabled=false",
                "--carepath.storage.data-dir=" + dataDir));
    arguments.addAll(List.of(more));
    return new SpringApplicationBuilder(CarepathApplication.class)
        .run(arguments.toArray(String[]::new));
  }

  private static String fhirBase(ConfigurableApplicationContext context) {
    return "http://localhost:"
        + context.getEnvironment().getProperty("local.server.port")
        + "/fhir";
  }

  private static String token(ConfigurableApplicationContext context) {
    return Tokens.passwordGrant(context.getBean(DevIssuer.class).tokenEndpoint(), "gp");
  }
}
