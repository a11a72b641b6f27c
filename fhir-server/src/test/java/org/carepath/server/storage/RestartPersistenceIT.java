package org.carepath.server.storage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.carepath.server.support.ServerInstances;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default keeps its data: stop the server, start it again on the same data folder, and
 * what was written is still there (same id, same version, same content) — and work that was
 * recorded but not yet done (a population stratification run, here requested on a replica that runs
 * no scheduled work) is done after the restart, and step clocks set before it fire after it, once
 * (one restart for all three: server starts are most of this class's time); two replicas on one
 * database escalate every overdue step once.
 */
class RestartPersistenceIT {

  private static final int READERS = 4;
  private static final int READS_EACH = 40;

  @Test
  void dataPendingWorkClocksAndQueuedAuditEventsSurviveARestartOfTheEmbeddedDefault()
      throws InterruptedException {
    Path dataDir = ServerTestSupport.freshDataDir();
    assertThat(dataDir.resolve("postgres")).doesNotExist();

    String id;
    String runStatus;
    String clocked;
    try (ConfigurableApplicationContext first =
        start(dataDir, "--carepath.scheduling.enabled=false")) {
      put(first, "Organization", "pcn-p", organisation("PCN P", "pcn", null));
      put(first, "Organization", "practice-p", organisation("Practice P", "gp-practice", "pcn-p"));
      put(first, "Organization", "home-p", organisation("Home P", "care-home", null));
      // Admitted in May: three steps are long overdue, but this replica runs no clocks.
      clocked =
          post(
              first,
              "/Patient",
              "{\"resourceType\":\"Patient\",\"birthDate\":\"1938-02-02\","
                  + "\"generalPractitioner\":[{\"reference\":\"Organization/practice-p\"}]}");
      post(
          first,
          "/Patient/" + clocked + "/$enrol",
          "{\"resourceType\":\"Parameters\",\"parameter\":["
              + "{\"name\":\"pathway\",\"valueString\":\"care-homes\"},"
              + "{\"name\":\"setting\",\"valueReference\":{\"reference\":\"Organization/home-p\"}},"
              + "{\"name\":\"start\",\"valueDateTime\":\"2026-05-22T14:00:00+01:00\"}]}");
      assertThat(escalations(first, clocked)).isZero();
      id =
          given()
              .baseUri(fhirBase(first))
              .auth()
              .oauth2(token(first))
              .contentType("application/fhir+json")
              .body(
                  "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Persistent\"}],"
                      + "\"birthDate\":\"1936-03-01\","
                      + "\"generalPractitioner\":[{\"reference\":\"Organization/practice-p\"}]}")
              .post("/Patient")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      // Reads right before the stop: their AuditEvents, queued for the writer thread, are stored
      // before the server closes its database.
      String token = token(first);
      String base = fhirBase(first);
      List<Thread> readers = new ArrayList<>();
      for (int i = 0; i < READERS; i++) {
        Thread reader =
            new Thread(
                () -> {
                  for (int n = 0; n < READS_EACH; n++) {
                    given()
                        .baseUri(base)
                        .auth()
                        .oauth2(token)
                        .get("/Patient/" + id)
                        .then()
                        .statusCode(200);
                  }
                });
        reader.start();
        readers.add(reader);
      }
      for (Thread reader : readers) {
        reader.join();
      }
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
      // Every read, and the create, left its AuditEvent (as the practice's privacy officer finds
      // them; one page holds them all).
      List<Object> events =
          given()
              .baseUri(fhirBase(second))
              .auth()
              .oauth2(ServerInstances.token(second, "privacy-officer"))
              .queryParam("patient", "Patient/" + id)
              .queryParam("_count", 200)
              .get("/AuditEvent")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getList("entry");
      assertThat(events).hasSizeGreaterThanOrEqualTo(READERS * READS_EACH + 1);
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
              "entry[0].resource.parameter.find { it.name == 'patients' }.valueInteger", equalTo(2))
          .body(
              "entry[0].resource.parameter.find { it.name == 'efi' }.part[0].name", equalTo("fit"));

      // Step clocks set before the restart fire after it, once.
      deadline = Instant.now().plusSeconds(60);
      while (escalations(second, clocked) < 3 && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
      }
      assertThat(escalations(second, clocked)).isEqualTo(3);
      Thread.sleep(3000);
      assertThat(escalations(second, clocked)).isEqualTo(3);
    }
  }

  @Test
  void twoReplicasOnOneDatabaseEscalateEveryOverdueStepOnce() throws InterruptedException {
    Path dataDir = ServerTestSupport.freshDataDir();
    // Replica A owns the embedded database and runs scheduled work; replica B shares it.
    try (ConfigurableApplicationContext store = start(dataDir)) {
      put(store, "Organization", "pcn-t", organisation("PCN T", "pcn", null));
      put(store, "Organization", "practice-t", organisation("Practice T", "gp-practice", "pcn-t"));
      put(store, "Organization", "home-t", organisation("Home T", "care-home", null));
      List<String> patients = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        patients.add(
            post(
                store,
                "/Patient",
                "{\"resourceType\":\"Patient\",\"birthDate\":\"1938-02-02\","
                    + "\"generalPractitioner\":[{\"reference\":\"Organization/practice-t\"}]}"));
      }
      // A second replica that runs scheduled work, on the same database (as two pods behind one
      // PostgreSQL).
      HikariDataSource database = (HikariDataSource) store.getBean(DataSource.class);
      String[] shared = {
        "--spring.datasource.url=" + database.getJdbcUrl(),
        "--spring.datasource.username=" + database.getUsername(),
        "--spring.datasource.password="
            + (database.getPassword() == null ? "" : database.getPassword())
      };
      try (ConfigurableApplicationContext replicaB = start(freshDataDirOf(dataDir, "b"), shared)) {
        // Admitted in May: three steps each are long overdue the moment they are enrolled, so
        // both replicas poll for the 24 due clocks at once.
        for (String patient : patients) {
          post(
              store,
              "/Patient/" + patient + "/$enrol",
              "{\"resourceType\":\"Parameters\",\"parameter\":["
                  + "{\"name\":\"pathway\",\"valueString\":\"care-homes\"},"
                  + "{\"name\":\"setting\",\"valueReference\":{\"reference\":\"Organization/home-t\"}},"
                  + "{\"name\":\"start\",\"valueDateTime\":\"2026-05-22T14:00:00+01:00\"}]}");
        }
        Instant deadline = Instant.now().plusSeconds(90);
        while (total(store, patients) < 24 && Instant.now().isBefore(deadline)) {
          Thread.sleep(250);
        }
        Thread.sleep(3000);
        for (String patient : patients) {
          assertThat(escalations(store, patient)).as("Patient/" + patient).isEqualTo(3);
        }
      }
    }
  }

  private static Path freshDataDirOf(Path dataDir, String replica) {
    return dataDir.resolveSibling(dataDir.getFileName() + "-" + replica);
  }

  private static int total(ConfigurableApplicationContext context, List<String> patients) {
    return patients.stream().mapToInt(patient -> escalations(context, patient)).sum();
  }

  /**
   * An organisation; a practice has the ODS code of the demo GP's practice (Z99101), so the GP's
   * token acts for it and reaches the patients registered there.
   */
  private static String organisation(String name, String type, String partOf) {
    return "{\"resourceType\":\"Organization\",\"active\":true,\"name\":\""
        + name
        + "\",\"identifier\":[{\"system\":\"https://fhir.nhs.uk/Id/ods-organization-code\",\"value\":\""
        + ("gp-practice".equals(type) ? "Z99101" : name.replace(" ", ""))
        + "\"}],\"type\":[{\"coding\":[{\"system\":\"https://fhir.carepath.org/CodeSystem/organisation-type\",\"code\":\""
        + type
        + "\"}]}]"
        + (partOf == null ? "" : ",\"partOf\":{\"reference\":\"Organization/" + partOf + "\"}")
        + "}";
  }

  private static void put(
      ConfigurableApplicationContext context, String type, String id, String body) {
    String withId = body.replaceFirst("\\{", "{\"id\":\"" + id + "\",");
    given()
        .baseUri(fhirBase(context))
        .auth()
        .oauth2(token(context))
        .contentType("application/fhir+json")
        .body(withId)
        .put("/" + type + "/" + id)
        .then()
        .statusCode(org.hamcrest.Matchers.either(equalTo(200)).or(equalTo(201)));
  }

  private static String post(ConfigurableApplicationContext context, String path, String body) {
    return given()
        .baseUri(fhirBase(context))
        .auth()
        .oauth2(token(context))
        .contentType("application/fhir+json")
        .body(body)
        .post(path)
        .then()
        .statusCode(org.hamcrest.Matchers.either(equalTo(200)).or(equalTo(201)))
        .extract()
        .path("id");
  }

  private static int escalations(ConfigurableApplicationContext context, String patient) {
    List<Object> entries =
        given()
            .baseUri(fhirBase(context))
            .auth()
            .oauth2(token(context))
            .get(
                "/Task?code=https://fhir.carepath.org/CodeSystem/coordinator-suggestion|step-breaching"
                    + "&patient=Patient/"
                    + patient
                    + "&_count=100")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("entry");
    return entries == null ? 0 : entries.size();
  }

  private static ConfigurableApplicationContext start(Path dataDir, String... more) {
    return ServerInstances.start(dataDir, more);
  }

  private static String fhirBase(ConfigurableApplicationContext context) {
    return ServerInstances.fhirBase(context);
  }

  private static String token(ConfigurableApplicationContext context) {
    return ServerInstances.token(context, "gp");
  }
}
