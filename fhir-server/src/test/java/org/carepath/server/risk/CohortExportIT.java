package org.carepath.server.risk;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carepath.server.support.JsonFixture;
import org.hamcrest.Matchers;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A PCN's population health work as its care coordinator would do it: stratify the PCN, make the
 * run's top cohort a Group, export the cohort with FHIR Bulk Data {@code Group/[id]/$export} and
 * download the files — exactly the cohort, without what another organisation keeps private, each
 * exported patient audited; nobody else starts, follows or downloads that export.
 */
class CohortExportIT extends RiskTestSupport {

  private static final String PCN = "Organization/demo-pcn-1";
  private static final String RISK_SCORE =
      "https://fhir.carepath.org/StructureDefinition/risk-score";

  @Autowired IJobMaintenanceService jobMaintenance;
  @Autowired JdbcTemplate jdbc;
  @Autowired DaoRegistry daoRegistry;

  @Test
  void aPcnsTopCohortIsMadeAGroupAndExportedExactlyToItsCoordinatorOnly() throws Exception {
    // Very frail people at both of the PCN's practices, and one at another PCN's.
    List<String> ours = new ArrayList<>();
    for (String practice : List.of("demo-practice-1", "demo-practice-1", "demo-practice-2")) {
      String patient = patient("1931-03-04", "Organization/" + practice);
      addConditions(patient, FOURTEEN_DEFICIT_CONDITIONS);
      ours.add(patient);
    }
    String elsewhere = patient("1931-03-04", "Organization/demo-practice-3");
    addConditions(elsewhere, FOURTEEN_DEFICIT_CONDITIONS);

    String run = stratify(PCN);
    JsonPath summary = awaitRun(run);
    int cohortSize =
        summary.getInt(
            "parameter.find { it.name == 'top-cohort' }.part.find { it.name == 'patients' }.valueInteger");
    double cutOff =
        summary.getDouble(
            "parameter.find { it.name == 'top-cohort' }.part.find { it.name == 'minimumScore' }.valueDecimal");

    // Bad requests first: another PCN's coordinator, and a run over everyone.
    cohort("care-coordinator-riverside", run)
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", Matchers.containsString(PCN));
    cohort("care-coordinator", "no-such-run").then().statusCode(404);

    // The cohort: the run's patients reaching the cut-off, managed by the PCN, one per run.
    JsonPath group = cohort("care-coordinator", run).then().statusCode(200).extract().jsonPath();
    String groupId = group.getString("id");
    Set<String> members = new HashSet<>(ids(group.getList("member.entity.reference")));
    assertThat(group.getString("managingEntity.reference")).isEqualTo(PCN);
    assertThat(group.getInt("quantity")).isEqualTo(members.size()).isEqualTo(cohortSize);
    assertThat(
            cohort("care-coordinator", run).then().statusCode(200).extract().path("id").toString())
        .as("a second request answers the same Group")
        .isEqualTo(groupId);
    assertThat(members).doesNotContain(elsewhere);
    for (String patient : ours) {
      assertThat(members.contains(patient))
          .as("a member exactly when the eFI score reaches the cut-off")
          .isEqualTo(score(patient) >= cutOff - 1e-9);
    }
    for (String member : members) {
      assertThat(score(member)).isGreaterThanOrEqualTo(cutOff - 1e-9);
    }
    assertThat(members).isNotEmpty();

    // A member's item their practice keeps to itself does not leave it.
    String member = members.iterator().next();
    String practice =
        as("care-coordinator")
            .get("/Patient/" + member)
            .then()
            .statusCode(200)
            .extract()
            .path("generalPractitioner[0].reference");
    String privateCondition =
        created(
            gpAt(practice),
            "Condition",
            JsonFixture.of(
                "/access/labelled-condition.json",
                Map.of("sharing", "organisation-private", "patient", "Patient/" + member)));

    // Who may not start it: another PCN's coordinator, a practice of the PCN, a commissioner.
    for (String user : List.of("care-coordinator-riverside", "gp")) {
      exportRequest(user, "/Group/" + groupId + "/$export")
          .then()
          .statusCode(403)
          .body("issue[0].diagnostics", Matchers.containsString("managed by " + PCN));
    }
    exportRequest("commissioner", "/$export")
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", Matchers.containsString("aggregates"));

    // The coordinator's export.
    Response accepted =
        exportRequest("care-coordinator", "/Group/" + groupId + "/$export?_type=Patient,Condition");
    accepted.then().statusCode(202);
    String status = accepted.header("Content-Location");
    assertThat(status).contains("$export-poll-status");
    as("gp").get(status).then().statusCode(404);
    // The job id only in a body (HAPI's POST form) is not accepted: the owner check reads the URL.
    as("care-coordinator")
        .body(
            "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"_jobId\",\"valueString\":\""
                + status.substring(status.indexOf("_jobId=") + 7)
                + "\"}]}")
        .post("/$export-poll-status")
        .then()
        .statusCode(400);

    JsonPath manifest = awaitExport(status);
    Map<String, List<String>> files = new HashMap<>();
    for (Map<String, String> output : manifest.<Map<String, String>>getList("output")) {
      files.computeIfAbsent(output.get("type"), t -> new ArrayList<>()).add(output.get("url"));
    }
    Set<String> exportedPatients = new HashSet<>();
    for (String url : files.getOrDefault("Patient", List.of())) {
      as("gp").accept("application/fhir+ndjson").get(url).then().statusCode(403);
      for (JsonPath line : ndjson(url)) {
        exportedPatients.add(line.getString("id"));
      }
    }
    assertThat(exportedPatients).as("exactly the cohort").isEqualTo(members);
    Set<String> conditions = new HashSet<>();
    for (String url : files.getOrDefault("Condition", List.of())) {
      for (JsonPath line : ndjson(url)) {
        assertThat(members).contains(line.getString("subject.reference").substring(8));
        conditions.add(line.getString("id"));
      }
    }
    assertThat(conditions).isNotEmpty().doesNotContain(privateCondition);

    // Each exported patient is audited as exported, once.
    awaitAuditedExport(member);
  }

  @Test
  void aPracticesSystemExportCarriesItsOwnPatientsAndTheDirectoryNothingElse() throws Exception {
    String ownPatient = patient("1950-05-06", "Organization/demo-practice-5");
    String otherPatient = patient("1950-05-06", "Organization/demo-practice-6");
    // A Subscription (switched off), as an organisation's system would have one.
    Subscription subscription = new Subscription();
    subscription.setStatus(Subscription.SubscriptionStatus.OFF);
    subscription.setReason("export test");
    subscription.setCriteria("Task?requester=Organization/demo-practice-5");
    subscription
        .getChannel()
        .setType(Subscription.SubscriptionChannelType.RESTHOOK)
        .setEndpoint("http://localhost:9/notify")
        .addHeader("Authorization: Bearer not-for-export");
    daoRegistry.getResourceDao(Subscription.class).create(subscription, new SystemRequestDetails());

    Response accepted =
        as("gp-southfields")
            .header("Prefer", "respond-async")
            .get("/$export?_type=Patient,Organization,Subscription");
    accepted.then().statusCode(202);
    JsonPath manifest = awaitExport("gp-southfields", accepted.header("Content-Location"));

    Map<String, Set<String>> exported = new HashMap<>();
    for (Map<String, String> output : manifest.<Map<String, String>>getList("output")) {
      for (JsonPath line : ndjson("gp-southfields", output.get("url"))) {
        exported
            .computeIfAbsent(output.get("type"), t -> new HashSet<>())
            .add(line.getString("id"));
      }
    }
    assertThat(exported.get("Patient")).contains(ownPatient).doesNotContain(otherPatient);
    for (String patient : exported.get("Patient")) {
      as("gp-southfields").get("/Patient/" + patient).then().statusCode(200);
    }
    assertThat(exported.get("Organization")).contains("demo-practice-5", "demo-pcn-3");
    assertThat(exported)
        .as("Subscriptions carry endpoints: never exported")
        .doesNotContainKey("Subscription");
  }

  private Response cohort(String user, String run) {
    return as(user)
        .body(
            "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"run\",\"valueString\":\""
                + run
                + "\"}]}")
        .post("/Group/$cohort");
  }

  private String stratify(String organisation) {
    Response accepted =
        as("care-coordinator")
            .header("Prefer", "respond-async")
            .body(NO_PARAMETERS)
            .post("/" + organisation + "/$stratify");
    accepted.then().statusCode(202);
    String location = accepted.header("Content-Location");
    return location.substring(location.indexOf("run=") + 4);
  }

  private JsonPath awaitRun(String run) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (Instant.now().isBefore(deadline)) {
      Response status = as("care-coordinator").get("/$stratify-status?run=" + run);
      if (status.statusCode() == 200) {
        return JsonPath.from(status.asString()).setRootPath("entry[0].resource");
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the run did not complete in 120 s");
  }

  private double score(String patient) {
    JsonPath result =
        as("care-coordinator")
            .get("/RiskAssessment/" + patient + "-efi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    return result.getDouble(
        "prediction[0].extension.find { it.url == '" + RISK_SCORE + "' }.valueDecimal");
  }

  private Response exportRequest(String user, String path) {
    return as(user).header("Prefer", "respond-async").get(path);
  }

  /** Polls the status URL as the export's owner until 200, running HAPI's job maintenance. */
  private JsonPath awaitExport(String status) throws InterruptedException {
    return awaitExport("care-coordinator", status);
  }

  private JsonPath awaitExport(String owner, String status) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (Instant.now().isBefore(deadline)) {
      jobMaintenance.runMaintenancePass();
      Response answer = as(owner).get(status);
      if (answer.statusCode() == 200) {
        return JsonPath.from(answer.asString());
      }
      assertThat(answer.statusCode()).isEqualTo(202);
      assertThat(answer.header("X-Progress")).isNotBlank();
      Thread.sleep(200);
    }
    throw new AssertionError("the export did not complete in 120 s");
  }

  private List<JsonPath> ndjson(String url) {
    return ndjson("care-coordinator", url);
  }

  private List<JsonPath> ndjson(String owner, String url) {
    String body =
        as(owner)
            .accept("application/fhir+ndjson")
            .get(url)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    List<JsonPath> lines = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isBlank()) {
        lines.add(JsonPath.from(line));
      }
    }
    return lines;
  }

  private void awaitAuditedExport(String patient) throws InterruptedException {
    String query =
        "select count(*) from cp_audit_event where ? = any(patient_ids) and subtypes @>"
            + " array['https://fhir.carepath.org/CodeSystem/audit-event|bulk-export']";
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    int found = 0;
    while (Instant.now().isBefore(deadline)) {
      found = jdbc.queryForObject(query, Integer.class, patient);
      if (found > 0) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(found).as("one bulk-export audit event for the patient").isEqualTo(1);
  }

  private static List<String> ids(List<String> references) {
    return references.stream().map(r -> r.substring(r.indexOf('/') + 1)).toList();
  }
}
