package org.carepath.server.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import com.sun.net.httpserver.HttpServer;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * FHIR Bulk Data {@code $import} as a GP system onboards a practice's population: NDJSON files on
 * the allowed file store, fetched and stored by HAPI's import job, then run through the same
 * workflows as any write (a diabetes diagnosis enrols its patient). Only an integration role, only
 * from the allowed source; anything else is refused before a file is fetched.
 */
class BulkImportIT extends ServerTestSupport {

  private static final String IDENTIFIER = "https://fhir.carepath.org/Id/bulk-import-test";

  @Autowired IJobMaintenanceService jobMaintenance;
  @Autowired JdbcTemplate jdbc;

  private HttpServer files;
  private final Map<String, String> served = new ConcurrentHashMap<>();
  private final AtomicInteger fetched = new AtomicInteger();

  @BeforeEach
  void serveFiles() throws IOException {
    files = HttpServer.create(new InetSocketAddress("127.0.0.1", IMPORT_FILES_PORT), 0);
    files.createContext(
        "/ndjson/",
        exchange -> {
          fetched.incrementAndGet();
          String body = served.get(exchange.getRequestURI().getPath());
          byte[] bytes = (body == null ? "" : body).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/fhir+ndjson");
          exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    files.start();
  }

  @AfterEach
  void stopFiles() {
    files.stop(0);
  }

  @Test
  void aPracticeExtractIsImportedAndRunsThroughTheWorkflows() throws InterruptedException {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String first = "imp-" + run + "-1";
    String second = "imp-" + run + "-2";
    served.put(
        "/ndjson/" + run + "/Patient.ndjson",
        patient(first, run, "1948-03-03") + "\n" + patient(second, run, "1952-07-07") + "\n");
    served.put(
        "/ndjson/" + run + "/Condition.ndjson",
        "{\"resourceType\":\"Condition\",\"id\":\"imp-"
            + run
            + "-dm\",\"clinicalStatus\":{\"coding\":[{\"system\":"
            + "\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
            + "\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"44054006\"}]},"
            + "\"subject\":{\"reference\":\"Patient/"
            + first
            + "\"},\"onsetDateTime\":\"2026-09-01\"}\n");

    Response started =
        asSystem("gp-system")
            .header("Prefer", "respond-async")
            .body(
                manifest(
                    Map.of(
                        "Patient", importSource() + run + "/Patient.ndjson",
                        "Condition", importSource() + run + "/Condition.ndjson")))
            .post("/$import");
    assertThat(started.statusCode()).as(started.asString()).isEqualTo(202);
    String status = started.header("Content-Location");
    assertThat(status).contains("$import-poll-status");
    String statusPath = status.substring(status.indexOf("/$import-poll-status"));

    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    Response done = null;
    while (Instant.now().isBefore(deadline)) {
      jobMaintenance.runMaintenancePass();
      done = asSystem("gp-system").get(statusPath);
      if (done.statusCode() != 202) {
        break;
      }
      Thread.sleep(250);
    }
    assertThat(done.statusCode()).as(done.asString()).isEqualTo(200);
    assertThat(fetched.get()).as("both files fetched").isGreaterThanOrEqualTo(2);

    // The practice's GP reads them as any record of their patients.
    as("gp").get("/Patient/" + first).then().statusCode(200);
    as("gp").get("/Patient/" + second).then().statusCode(200);
    assertThat(searchTotal("gp", "Patient", "identifier", IDENTIFIER + "|" + run)).isEqualTo(2);
    // The diagnosis started the diabetes pathway, as it would over the REST API.
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        as("gp")
                            .get(
                                "/CarePlan?subject=Patient/"
                                    + first
                                    + "&pathway=https://fhir.carepath.org/PlanDefinition/diabetes")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("entry"))
                    .hasSize(1));
    // Not a status anyone else reads.
    as("gp").get(statusPath).then().statusCode(403);

    // Audited: the request — who asked, the files, the job — and each patient the import wrote.
    List<String> requests =
        jdbc.queryForList(
            "select body from cp_audit_event where subtypes @> array['"
                + AUDIT_EVENT
                + "|bulk-import'] and body like ?",
            String.class,
            "%" + run + "/Patient.ndjson%");
    assertThat(requests).hasSize(1);
    String job = status.replaceFirst(".*[?&]_jobId=([^&#]+).*", "$1");
    assertThat(job).isNotBlank().isNotEqualTo(status);
    assertThat(requests.get(0))
        .contains(run + "/Condition.ndjson", "$import-poll-status", "gp-system")
        .contains(IMPORT_JOB, job);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(importedRecordEvents(second)).as("one batch wrote them").isEqualTo(1);
              // The Patient file's batch and the Condition file's batch each wrote to the first.
              assertThat(importedRecordEvents(first)).isEqualTo(2);
            });
    // Each names the job, so its request event (who asked, which files) is found exactly.
    assertThat(
            jdbc.queryForObject(
                "select count(*) from cp_audit_event where ? = any(patient_ids) and subtypes @>"
                    + " array['"
                    + AUDIT_EVENT
                    + "|bulk-import-record'] and body like ? and body like ?",
                Integer.class,
                first,
                "%" + IMPORT_JOB + "%",
                "%" + job + "%"))
        .isEqualTo(2);
  }

  private static final String AUDIT_EVENT = "https://fhir.carepath.org/CodeSystem/audit-event";
  private static final String IMPORT_JOB = "https://fhir.carepath.org/Id/bulk-import-job";

  private int importedRecordEvents(String patient) {
    return jdbc.queryForObject(
        "select count(*) from cp_audit_event where ? = any(patient_ids) and subtypes @> array['"
            + AUDIT_EVENT
            + "|bulk-import-record']",
        Integer.class,
        patient);
  }

  @Test
  void onlyAnIntegrationRoleImportsAndOnlyFromTheAllowedSource() {
    String inside = importSource() + "refused/Patient.ndjson";
    served.put(
        "/ndjson/refused/Patient.ndjson", patient("imp-refused", "refused", "1950-01-01") + "\n");

    as("gp")
        .header("Prefer", "respond-async")
        .body(manifest(Map.of("Patient", inside)))
        .post("/$import")
        .then()
        .statusCode(403);
    String elsewhere = "http://127.0.0.1:" + (IMPORT_FILES_PORT + 1) + "/ndjson/Patient.ndjson";
    asSystem("gp-system")
        .header("Prefer", "respond-async")
        .body(manifest(Map.of("Patient", inside, "Condition", elsewhere)))
        .post("/$import")
        .then()
        .statusCode(403)
        .body(containsString("is not under an allowed source"))
        .body(containsString(elsewhere));
    asSystem("gp-system")
        .header("Prefer", "respond-async")
        .body("{\"resourceType\":\"Patient\"}")
        .post("/$import")
        .then()
        .statusCode(400);

    assertThat(fetched.get()).as("nothing fetched").isZero();
    as("gp").get("/Patient/imp-refused").then().statusCode(404);
  }

  private static String patient(String id, String group, String birthDate) {
    return "{\"resourceType\":\"Patient\",\"id\":\""
        + id
        + "\",\"identifier\":[{\"system\":\""
        + IDENTIFIER
        + "\",\"value\":\""
        + group
        + "\"}],\"birthDate\":\""
        + birthDate
        + "\",\"generalPractitioner\":[{\"reference\":\"Organization/demo-practice-1\"}]}";
  }

  /** A Bulk Data import request as HAPI reads it: NDJSON, one input per type. */
  private static String manifest(Map<String, String> inputs) {
    StringBuilder body =
        new StringBuilder(
            "{\"resourceType\":\"Parameters\",\"parameter\":["
                + "{\"name\":\"inputFormat\",\"valueCode\":\"application/fhir+ndjson\"},"
                + "{\"name\":\"inputSource\",\"valueUri\":\"https://gp-system.example\"},"
                + "{\"name\":\"storageDetail\",\"part\":[{\"name\":\"type\",\"valueCode\":\"https\"}]}");
    List<String> types = inputs.keySet().stream().sorted().toList();
    for (String type : types) {
      body.append(",{\"name\":\"input\",\"part\":[{\"name\":\"type\",\"valueCode\":\"")
          .append(type)
          .append("\"},{\"name\":\"url\",\"valueUri\":\"")
          .append(inputs.get(type))
          .append("\"}]}");
    }
    return body.append("]}").toString();
  }
}
