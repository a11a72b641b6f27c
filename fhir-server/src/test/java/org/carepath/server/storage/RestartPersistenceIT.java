package org.carepath.server.storage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import org.carepath.server.CarepathApplication;
import org.carepath.server.security.DevIssuer;
import org.carepath.server.support.ServerTestSupport;
import org.carepath.server.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default keeps its data: stop the server, start it again on the same data folder, and
 * what was written is still there (same id, same version, same content).
 */
class RestartPersistenceIT {

  @Test
  void dataSurvivesARestartOfTheEmbeddedDefault() {
    Path dataDir = ServerTestSupport.freshDataDir();
    assertThat(dataDir.resolve("postgres")).doesNotExist();

    String id;
    try (ConfigurableApplicationContext first = start(dataDir)) {
      id =
          given()
              .baseUri(fhirBase(first))
              .auth()
              .oauth2(token(first))
              .contentType("application/fhir+json")
              .body("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Persistent\"}]}")
              .post("/Patient")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
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
    }
  }

  private static ConfigurableApplicationContext start(Path dataDir) {
    // Command-line arguments outrank application.yaml (builder "properties" would not).
    return new SpringApplicationBuilder(CarepathApplication.class)
        .run(
            "--server.port=0",
            "--carepath.security.dev-issuer.port=0",
            "--carepath.demo.enabled=false",
            "--carepath.storage.data-dir=" + dataDir);
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
