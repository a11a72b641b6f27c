package org.carepath.server.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carepath.server.support.JsonFixture;
import org.junit.jupiter.api.Test;

/** Referrals as GP systems send them and services work them, over HTTP on the running server. */
class ReferralIT extends ReferralCalls {

  @Test
  void plainReferralGetsARoutedTrackingTask() {
    String patient = "Patient/" + patient(PRACTICE);
    String number = unique("REF");
    String id = refer(referral(number, patient, "community-respiratory", "routine", null));

    Map<String, Object> task = trackingTask(id);
    assertThat(task.get("status")).isEqualTo("requested");
    assertThat(path(task, "owner.reference")).isEqualTo(COMMUNITY_TRUST);
    assertThat(path(task, "requester.reference")).isEqualTo(PRACTICE);
    assertThat(path(task, "for.reference")).isEqualTo(patient);
    assertThat(path(task, "restriction.period.end")).isNotNull();
    assertThat(task.toString()).contains(number).contains("demo-community-respiratory");
    // The provider finds it on its own list.
    assertThat(
            searchTotal(
                "community-nurse",
                "Task",
                "owner",
                COMMUNITY_TRUST,
                "focus",
                "ServiceRequest/" + id))
        .isEqualTo(1);
  }

  @Test
  void bundleWithTheSendersTaskIsRoutedAndAReSendDuplicatesNothing() {
    String patient = "Patient/" + patient(PRACTICE);
    String number = unique("REF");
    String bundle = referralWithSendersTask(number, patient, "requested");
    JsonPath first = postBundle(bundle);
    assertThat(first.getString("entry[0].response.status")).startsWith("201");
    String requestId = id(first.getString("entry[0].response.location"));
    String taskId = id(first.getString("entry[1].response.location"));

    Map<String, Object> task = trackingTask(requestId);
    assertThat(path(task, "id")).isEqualTo(taskId);
    assertThat(path(task, "owner.reference")).isEqualTo(COMMUNITY_TRUST);
    assertThat(path(task, "requester.reference")).isEqualTo(PRACTICE);

    JsonPath again = postBundle(bundle);
    assertThat(again.getString("entry[0].response.status")).startsWith("200");
    assertThat(id(again.getString("entry[0].response.location"))).isEqualTo(requestId);
    assertThat(id(again.getString("entry[1].response.location"))).isEqualTo(taskId);
    assertThat(searchTotal("gp", "ServiceRequest", "identifier", REFERRAL_NUMBER + "|" + number))
        .isEqualTo(1);
    assertThat(tasksOf(requestId)).hasSize(1);

    // A sender cannot accept its own referral: the whole Bundle is refused, nothing stored.
    String other = unique("REF");
    as("gp")
        .body(referralWithSendersTask(other, patient, "accepted"))
        .post("/")
        .then()
        .statusCode(422)
        .body("issue[0].diagnostics", containsString("starts as requested"));
    assertThat(searchTotal("gp", "ServiceRequest", "identifier", REFERRAL_NUMBER + "|" + other))
        .isZero();
  }

  @Test
  void aBundleOfTwoReferralsGivesEachItsOwnTrackingTask() {
    String patient = "Patient/" + patient(PRACTICE);
    String first = referral(unique("REF"), patient, "community-respiratory", "routine", null);
    String second =
        referral(unique("REF"), patient, "diabetes-specialist", "routine", null)
            .replace("Practitioner/demo-gp", "Organization/demo-practice-2");
    JsonPath answer = postBundle(transaction(List.of(first, second)));
    Map<String, Object> one = trackingTask(id(answer.getString("entry[0].response.location")));
    Map<String, Object> two = trackingTask(id(answer.getString("entry[1].response.location")));
    assertThat(path(one, "requester.reference")).isEqualTo(PRACTICE);
    assertThat(path(two, "requester.reference")).isEqualTo("Organization/demo-practice-2");
    assertThat(two.toString()).contains("demo-diabetes-specialist");
  }

  @Test
  void reSendsSequentialAndConcurrentAnswerWithTheOneReferral() throws Exception {
    String patient = "Patient/" + patient(PRACTICE);
    String number = unique("REF");
    String body = referral(number, patient, "community-respiratory", "routine", null);
    String id = refer(body);
    as("gp").body(body).post("/ServiceRequest").then().statusCode(200).body("id", equalTo(id));

    String concurrentNumber = unique("REF");
    String concurrentBody = referral(concurrentNumber, patient, "falls-team", "routine", null);
    String fallsFree = concurrentBody.replace("falls-team", "community-respiratory");
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Callable<String>> sends = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        sends.add(
            () ->
                as("gp")
                    .body(fallsFree)
                    .post("/ServiceRequest")
                    .then()
                    .statusCode(org.hamcrest.Matchers.either(equalTo(200)).or(equalTo(201)))
                    .extract()
                    .path("id"));
      }
      Set<String> ids = new HashSet<>();
      for (Future<String> answer : pool.invokeAll(sends)) {
        ids.add(answer.get());
      }
      assertThat(ids).hasSize(1);
      assertThat(
              searchTotal(
                  "gp", "ServiceRequest", "identifier", REFERRAL_NUMBER + "|" + concurrentNumber))
          .isEqualTo(1);
      assertThat(tasksOf(ids.iterator().next())).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(tasksOf(id)).hasSize(1);
  }

  @Test
  void aReferralWithoutItsMinimumDataSetIsRefusedAndNothingStored() {
    String patient = "Patient/" + patient(PRACTICE);
    for (String missing : List.of("reason", "purpose", "priority", "requester", "question")) {
      String number = unique("REF");
      as("gp")
          .body(referral(number, patient, "community-respiratory", "routine", missing))
          .post("/ServiceRequest")
          .then()
          .statusCode(422)
          .body("resourceType", equalTo("OperationOutcome"))
          .body("issue[0].severity", equalTo("error"));
      assertThat(searchTotal("gp", "ServiceRequest", "identifier", REFERRAL_NUMBER + "|" + number))
          .as("nothing stored without " + missing)
          .isZero();
    }
  }

  @Test
  void theServiceWorksTheReferralThroughEveryAllowedState() {
    String id = refer(respiratoryReferral());
    String task = (String) trackingTask(id).get("id");
    for (String status :
        List.of("received", "accepted", "in-progress", "on-hold", "in-progress", "completed")) {
      assertThat(change("community-nurse", task, status, null, null)).as(status).isEqualTo(200);
    }
    assertThat(read("gp", "/Task/" + task).getString("status")).isEqualTo("completed");
    // Ended: nothing changes any more.
    assertThat(change("community-nurse", task, "in-progress", null, null)).isEqualTo(409);
  }

  @Test
  void forbiddenChangesAreRefusedWithTheReason() {
    String patient = "Patient/" + patient(PRACTICE);
    String task =
        (String)
            trackingTask(
                    refer(
                        referral(unique("REF"), patient, "community-respiratory", "routine", null)))
                .get("id");
    // The referrer does not accept; the service does not cancel; a stranger changes nothing.
    assertThat(change("gp", task, "accepted", null, null)).isEqualTo(403);
    assertThat(change("community-nurse", task, "cancelled", "no longer needed", null))
        .isEqualTo(403);
    // A stranger does not even see it; a write to it is refused.
    as("social-worker").get("/Task/" + task).then().statusCode(404);
    assertThat(put("social-worker", task, read("gp", "/Task/" + task).getMap(""))).isEqualTo(403);
    // Rejecting needs a reason; skipping acceptance is not a transition.
    assertThat(change("community-nurse", task, "rejected", null, null)).isEqualTo(422);
    assertThat(change("community-nurse", task, "completed", null, null)).isEqualTo(409);
    as("community-nurse")
        .body(reread(task, "rejected"))
        .put("/Task/" + task)
        .then()
        .statusCode(422)
        .body("issue[0].diagnostics", containsString("statusReason"));
    assertThat(read("gp", "/Task/" + task).getString("status")).isEqualTo("requested");
    // Task ids beginning referral- are Carepath's own tracking Tasks: no client creates one.
    String squatted = "referral-" + unique("x").toLowerCase(Locale.ROOT);
    Map<String, Object> copy = read("gp", "/Task/" + task).getMap("");
    copy.put("id", squatted);
    copy.remove("meta");
    as("gp")
        .body(json(copy))
        .put("/Task/" + squatted)
        .then()
        .statusCode(422)
        .body("issue[0].diagnostics", containsString("kept for the tracking Tasks"));
    as("gp").get("/Task/" + squatted).then().statusCode(404);
    // The referrer cancels with a reason while the service has not started.
    assertThat(change("gp", task, "cancelled", "Symptoms resolved", null)).isEqualTo(200);
    // A rejection with its reason, on another referral.
    String other =
        (String)
            trackingTask(
                    refer(
                        referral(unique("REF"), patient, "community-respiratory", "routine", null)))
                .get("id");
    assertThat(change("community-nurse", other, "rejected", "Outside our criteria", null))
        .isEqualTo(200);
  }

  @Test
  void adviceAndGuidanceCompletesTheReferralOnceTheAdviceIsRecorded() {
    String id = refer(respiratoryReferral());
    String task = (String) trackingTask(id).get("id");
    assertThat(change("community-nurse", task, "completed", null, "advice-given")).isEqualTo(422);
    created(
        "community-nurse",
        "Communication",
        JsonFixture.of(
            "/referral/advice-communication.json",
            Map.of(
                "referral",
                "ServiceRequest/" + id,
                "patient",
                read("gp", "/ServiceRequest/" + id).getString("subject.reference"))));
    assertThat(change("community-nurse", task, "completed", null, "advice-given")).isEqualTo(200);
    JsonPath done = read("gp", "/Task/" + task);
    assertThat(done.getString("status")).isEqualTo("completed");
    assertThat(done.getString("businessStatus.coding[0].code")).isEqualTo("advice-given");
  }

  @Test
  void anUnroutableReferralIsKeptVisibleAndACoordinatorRoutesIt() {
    // Community nursing covers only the north place; this patient is registered in the south,
    // with Hillside Surgery on their care team.
    String patient =
        "Patient/"
            + patientCaredForBy("Organization/demo-practice-5", "Organization/demo-practice-1");
    String id = refer(referral(unique("REF"), patient, "community-nursing", "routine", null));
    Map<String, Object> task = trackingTask(id);
    assertThat(path(task, "owner")).isNull();
    assertThat(task.toString()).contains("unroutable").contains("covers the patient");
    String taskId = (String) task.get("id");
    assertThat(
            searchTotal(
                "care-coordinator",
                "Task",
                "business-status",
                "https://fhir.carepath.org/CodeSystem/task-business-status|unroutable",
                "_id",
                taskId))
        .isEqualTo(1);
    // Unowned: the standard :missing search finds it (answered without "missing" index rows).
    assertThat(searchTotal("care-coordinator", "Task", "owner:missing", "true", "_id", taskId))
        .isEqualTo(1);
    assertThat(searchTotal("care-coordinator", "Task", "owner:missing", "false", "_id", taskId))
        .isZero();

    // The referrer's PCN (the GP is at Hillside Surgery, Peak Edge PCN) sees it on its worklist.
    JsonPath worklist = read("care-coordinator", "/$worklist?pcn=Organization/demo-pcn-1");
    assertThat(
            worklist.getInt(
                "parameter.find { it.name == 'referrals' }.part.find { it.name =="
                    + " 'unroutable' }.valueInteger"))
        .isPositive();
    assertThat(
            worklist.getList(
                "parameter.find { it.name == 'referrals' }.part.findAll { it.name =="
                    + " 'unroutableReferral' }.resource.id"))
        .contains(taskId);

    Map<String, Object> routed = read("care-coordinator", "/Task/" + taskId).getMap("");
    routed.put("owner", Map.of("reference", COMMUNITY_TRUST));
    assertThat(put("gp", taskId, routed)).isEqualTo(403);
    assertThat(put("care-coordinator", taskId, routed)).isEqualTo(200);
    JsonPath now = read("gp", "/Task/" + taskId);
    assertThat(now.getString("owner.reference")).isEqualTo(COMMUNITY_TRUST);
    assertThat(now.getString("businessStatus")).isNull();
    assertThat(searchTotal("care-coordinator", "Task", "owner:missing", "true", "_id", taskId))
        .isZero();
  }

  @Test
  void aReferralNotAcceptedInTimeBreachesAndShowsOnTheServicesWorklist()
      throws InterruptedException {
    // Sent three weeks ago: its five working days to be accepted are long gone.
    String body =
        referral(
                unique("REF"),
                "Patient/" + patient(PRACTICE),
                "social-care-assessment",
                "routine",
                null)
            .replaceFirst("\"authoredOn\":\"[^\"]+\"", "\"authoredOn\":\"2026-11-02T09:00:00Z\"");
    String taskId = (String) trackingTask(refer(body)).get("id");
    String status =
        eventually(
            () ->
                read("social-worker", "/Task/" + taskId).getString("businessStatus.coding[0].code"),
            "breaching"::equals,
            Duration.ofSeconds(30));
    assertThat(status).isEqualTo("breaching");
    JsonPath worklist =
        read("social-worker", "/$worklist?organization=Organization/demo-social-care");
    String referrals = "parameter.find { it.name == 'referrals' }.part";
    assertThat(worklist.getInt(referrals + ".find { it.name == 'breaching' }.valueInteger"))
        .isPositive();
    assertThat(
            worklist.getList(referrals + ".findAll { it.name == 'breachingReferral' }.resource.id"))
        .contains(taskId);
  }

  @Test
  void aFallsReferralNeedsAFallsAssessmentFirst() {
    String patientId = patient(PRACTICE);
    String patient = "Patient/" + patientId;
    String number = unique("REF");
    as("gp")
        .body(referral(number, patient, "falls-team", "routine", null))
        .post("/ServiceRequest")
        .then()
        .statusCode(422)
        .body("issue[0].diagnostics", containsString("multifactorial falls assessment"));
    assertThat(searchTotal("gp", "ServiceRequest", "identifier", REFERRAL_NUMBER + "|" + number))
        .isZero();

    created(
        "gp",
        "Procedure",
        JsonFixture.of("/referral/falls-assessment-procedure.json", Map.of("patient", patient)));
    String id = refer(referral(number, patient, "falls-team", "routine", null));
    assertThat(path(trackingTask(id), "owner.reference")).isEqualTo(COMMUNITY_TRUST);
  }

  @Test
  void aDementiaDiagnosisRefersToPostDiagnosticSupport() throws InterruptedException {
    String patientId = patient(PRACTICE);
    created(
        "gp",
        "Condition",
        JsonFixture.of(
            "/referral/dementia-condition.json", Map.of("patient", "Patient/" + patientId)));
    String identifier = REFERRAL_NUMBER + "|dementia-support-" + patientId;
    int referrals =
        eventually(
            () -> searchTotal("gp", "ServiceRequest", "identifier", identifier),
            n -> n > 0,
            Duration.ofSeconds(30));
    assertThat(referrals).isEqualTo(1);
    String id =
        read("gp", "/ServiceRequest?identifier=" + identifier).getString("entry[0].resource.id");
    Map<String, Object> task = trackingTask(id);
    assertThat(path(task, "owner.reference")).isEqualTo(COMMUNITY_TRUST);
    assertThat(task.toString()).contains("demo-dementia-support");
  }

  @Test
  void anAcceptedHotClinicReferralEnrolsThePatientInTheHotClinicPathway()
      throws InterruptedException {
    String patientId = patient(PRACTICE);
    created(
        "gp",
        "Condition",
        JsonFixture.of(
            "/support/condition.json",
            Map.of("snomed", "13645005", "patient", "Patient/" + patientId))); // COPD
    Instant sent = Instant.now();
    String id =
        refer(referral(unique("REF"), "Patient/" + patientId, "hot-clinic", "urgent", null));
    Map<String, Object> task = trackingTask(id);
    assertThat(path(task, "owner.reference")).isEqualTo("Organization/demo-hospital-respiratory");
    Instant due = Instant.parse(toInstant(path(task, "restriction.period.end")));
    assertThat(Duration.between(sent, due))
        .isBetween(Duration.ofMinutes(119), Duration.ofMinutes(121));

    assertThat(change("specialist", (String) task.get("id"), "accepted", null, null))
        .isEqualTo(200);
    int plans =
        eventually(
            () ->
                searchTotal(
                    "gp",
                    "CarePlan",
                    "subject",
                    "Patient/" + patientId,
                    "pathway",
                    "https://fhir.carepath.org/PlanDefinition/hot-clinic"),
            n -> n > 0,
            Duration.ofSeconds(30));
    assertThat(plans).isEqualTo(1);
    // The pathway's acceptance step is done; the consultant review is ready, due the same day.
    int reviews =
        eventually(
            () ->
                searchTotal(
                    "gp",
                    "Task",
                    "patient",
                    "Patient/" + patientId,
                    "code",
                    "https://fhir.carepath.org/CodeSystem/pathway-step|hot-clinic-review",
                    "status",
                    "ready"),
            n -> n > 0,
            Duration.ofSeconds(10));
    assertThat(reviews).isEqualTo(1);
  }

  private JsonPath postBundle(String bundle) {
    return as("gp").body(bundle).post("/").then().statusCode(200).extract().jsonPath();
  }

  private String reread(String task, String status) {
    Map<String, Object> current = read("community-nurse", "/Task/" + task).getMap("");
    current.put("status", status);
    return json(current);
  }

  private static String toInstant(Object dateTime) {
    return java.time.OffsetDateTime.parse(String.valueOf(dateTime)).toInstant().toString();
  }

  @Test
  void revokingAReferralCancelsItsTaskUntilTheServiceHasStarted() {
    String patient = "Patient/" + patient(PRACTICE);
    String waiting =
        refer(referral(unique("REF"), patient, "community-respiratory", "routine", null));
    String waitingTask = (String) trackingTask(waiting).get("id");
    assertThat(change("community-nurse", waitingTask, "accepted", null, null)).isEqualTo(200);

    assertThat(setReferralStatus(waiting, "revoked")).isEqualTo(200);
    JsonPath cancelled = read("gp", "/Task/" + waitingTask);
    assertThat(cancelled.getString("status")).isEqualTo("cancelled");
    assertThat(cancelled.getString("statusReason.text")).contains("Withdrawn by the referrer");

    // Once the service has started, the referrer asks them to stop: the revocation is refused.
    String started =
        refer(referral(unique("REF"), patient, "community-respiratory", "routine", null));
    String startedTask = (String) trackingTask(started).get("id");
    for (String status : List.of("accepted", "in-progress")) {
      assertThat(change("community-nurse", startedTask, status, null, null)).isEqualTo(200);
    }
    assertThat(setReferralStatus(started, "revoked")).isEqualTo(409);
    assertThat(read("gp", "/ServiceRequest/" + started).getString("status")).isEqualTo("active");
    assertThat(read("gp", "/Task/" + startedTask).getString("status")).isEqualTo("in-progress");
  }

  @Test
  void aDraftReferralIsRoutedWhenItBecomesActive() {
    String draft =
        refer(respiratoryReferral().replace("\"status\":\"active\"", "\"status\":\"draft\""));
    assertThat(tasksOf(draft)).isEmpty();

    assertThat(setReferralStatus(draft, "active")).isEqualTo(200);
    Map<String, Object> task = trackingTask(draft);
    assertThat(task.get("status")).isEqualTo("requested");
    assertThat(path(task, "owner.reference")).isEqualTo(COMMUNITY_TRUST);
  }

  /** The GP changes its referral's status (PUT ServiceRequest): the HTTP status. */
  private int setReferralStatus(String serviceRequestId, String status) {
    Map<String, Object> request = read("gp", "/ServiceRequest/" + serviceRequestId).getMap("");
    request.put("status", status);
    return as("gp")
        .body(json(request))
        .put("/ServiceRequest/" + serviceRequestId)
        .then()
        .extract()
        .statusCode();
  }

  @Test
  void directoryAndOrganisationChangesRouteTheNextReferral() {
    // A new surgery, not yet part of any PCN: no service covers its patients.
    String ods = "K" + java.util.UUID.randomUUID().toString().substring(0, 5).toUpperCase();
    Map<String, Object> surgery =
        new java.util.HashMap<>(
            Map.of(
                "resourceType",
                "Organization",
                "identifier",
                List.of(
                    Map.of("system", "https://fhir.nhs.uk/Id/ods-organization-code", "value", ods)),
                "active",
                true,
                "name",
                "New Surgery",
                "type",
                List.of(
                    Map.of(
                        "coding",
                        List.of(
                            Map.of(
                                "system",
                                "https://fhir.carepath.org/CodeSystem/organisation-type",
                                "code",
                                "gp-practice"))))));
    String practice =
        "Organization/"
            + as("care-coordinator")
                .body(json(surgery))
                .post("/Organization")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    // Its own GP system is not in the demo: the server registers the patient there, with
    // Hillside Surgery (which refers) on their care team.
    String patient = "Patient/" + registeredByTheServer(practice, "Organization/demo-practice-1");
    String first =
        refer(referral(unique("REF"), patient, "community-respiratory", "routine", null));
    assertThat(trackingTask(first).toString()).contains("unroutable");

    // It joins Southfields PCN: the next referral is routed through the ICS-wide service.
    surgery.put("id", practice.substring("Organization/".length()));
    surgery.put("partOf", Map.of("reference", "Organization/demo-pcn-3"));
    as("care-coordinator").body(json(surgery)).put("/" + practice).then().statusCode(200);
    String second =
        refer(referral(unique("REF"), patient, "community-respiratory", "routine", null));
    assertThat(path(trackingTask(second), "owner.reference")).isEqualTo(COMMUNITY_TRUST);

    // Community nursing covers only the north place, until a service for the south is added.
    String third = refer(referral(unique("REF"), patient, "community-nursing", "routine", null));
    assertThat(trackingTask(third).toString()).contains("unroutable");
    created(
        "care-coordinator",
        "HealthcareService",
        JsonFixture.of(
            "/referral/healthcare-service.json",
            Map.of(
                "name", "Community nursing, South",
                "provider", COMMUNITY_TRUST,
                "serviceType", "community-nursing",
                "covers", "Organization/demo-place-south")));
    String fourth = refer(referral(unique("REF"), patient, "community-nursing", "routine", null));
    assertThat(path(trackingTask(fourth), "owner.reference")).isEqualTo(COMMUNITY_TRUST);
  }

  @Test
  void anUnroutableReferralFromOutsideGeneralPracticeShowsOnThePatientsPcnWorklist() {
    // The community trust refers a Southfields patient to community nursing, which covers only
    // the north: unroutable, and sent by no practice — the patient's PCN must still see it.
    String patient =
        "Patient/"
            + patientCaredForBy(
                "Organization/demo-practice-5", "Organization/demo-community-trust");
    String id =
        as("community-nurse")
            .body(referral(unique("REF"), patient, "community-nursing", "routine", null))
            .post("/ServiceRequest")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Map<String, Object> task = trackingTask("community-nurse", id);
    assertThat(task.toString()).contains("unroutable");
    assertThat(path(task, "requester.reference")).isNotEqualTo("Organization/demo-practice-5");

    JsonPath worklist =
        read("care-coordinator-southfields", "/$worklist?pcn=Organization/demo-pcn-3");
    assertThat(
            worklist.getList(
                "parameter.find { it.name == 'referrals' }.part.findAll { it.name =="
                    + " 'unroutableReferral' }.resource.id"))
        .contains((String) task.get("id"));
  }

  @org.springframework.beans.factory.annotation.Autowired
  ca.uhn.fhir.jpa.api.dao.DaoRegistry daoRegistry;

  /** A patient of {@code practice} with {@code carer} on their care team, stored as the server. */
  private String registeredByTheServer(String practice, String carer) {
    var system = new ca.uhn.fhir.rest.api.server.SystemRequestDetails();
    var patient = new org.hl7.fhir.r4.model.Patient();
    patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1944-04-04"));
    patient.addName().setFamily("Referral");
    patient.addGeneralPractitioner(new org.hl7.fhir.r4.model.Reference(practice));
    String id =
        daoRegistry
            .getResourceDao(org.hl7.fhir.r4.model.Patient.class)
            .create(patient, system)
            .getId()
            .getIdPart();
    var team = new org.hl7.fhir.r4.model.CareTeam();
    team.setStatus(org.hl7.fhir.r4.model.CareTeam.CareTeamStatus.ACTIVE);
    team.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + id));
    team.addParticipant().setMember(new org.hl7.fhir.r4.model.Reference(carer));
    daoRegistry.getResourceDao(org.hl7.fhir.r4.model.CareTeam.class).create(team, system);
    return id;
  }
}
