package org.carepath.server.cdshooks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.carepath.server.support.JsonFixture;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/**
 * CDS Hooks as a GP system calls them: discovery and {@code patient-view} over HTTP, with the EHR's
 * signed JWT (issued here by the development issuer's {@code ehr} issuer, which the server trusts
 * in development) and the user's Carepath token as {@code fhirAuthorization}.
 */
class CdsHooksIT extends ServerTestSupport {

  private static final String PRACTICE_1 = "Organization/demo-practice-1";

  /** Fourteen conditions that are eFI deficits: severe frailty. */
  private static final List<String> FOURTEEN_DEFICITS =
      List.of(
          "161898004",
          "38341003",
          "49436004",
          "84114007",
          "396275006",
          "15188001",
          "165232002",
          "397540003",
          "64859006",
          "271737000",
          "404640003",
          "267036007",
          "709044004",
          "40930008");

  private String cdsBase() {
    return "http://127.0.0.1:" + port + "/cds-services";
  }

  /** A JWT from the EHR's issuer, addressed to {@code audience}. */
  private String ehrToken(String issuer, String audience) {
    return given()
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", "gp-ehr")
        .formParam("client_secret", "ehr")
        .formParam("scope", audience)
        .formParam("audience", audience)
        .post("http://127.0.0.1:" + devIssuer.port() + "/" + issuer + "/token")
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }

  private RequestSpecification ehr(String url) {
    return given().auth().oauth2(ehrToken("ehr", url)).contentType("application/json");
  }

  private Response patientView(String patientId, String accessToken) {
    String url = cdsBase() + "/" + PatientViewService.ID;
    return ehr(url)
        .body(
            JsonFixture.of(
                "/cdshooks/patient-view.json",
                Map.of(
                    "hookInstance", UUID.randomUUID(),
                    "accessToken", accessToken,
                    "patientId", patientId)))
        .post(url);
  }

  /** A patient-view call shaped by {@code change} (prefetch added, fhirServer left out, …). */
  private Response patientView(String patientId, String accessToken, Consumer<ObjectNode> change) {
    String url = cdsBase() + "/" + PatientViewService.ID;
    ObjectNode call =
        JsonFixture.tree(
            "/cdshooks/patient-view.json",
            Map.of(
                "hookInstance", UUID.randomUUID(),
                "accessToken", accessToken,
                "patientId", patientId));
    change.accept(call);
    return ehr(url).body(call.toString()).post(url);
  }

  /** The EHR's own Patient, as its system holds it (its own id), with the person's NHS number. */
  private static Consumer<ObjectNode> prefetchedPatient(String nhsNumber) {
    return call ->
        call.putObject("prefetch")
            .putObject("patient")
            .put("resourceType", "Patient")
            .put("id", "ehr-local-4711")
            .putArray("identifier")
            .addObject()
            .put("system", "https://fhir.nhs.uk/Id/nhs-number")
            .put("value", nhsNumber);
  }

  /** An end-of-life entry (preferred place of death: home) recorded by {@code user}. */
  private void preferredPlaceOfDeath(String user, String patientId) {
    created(
        user,
        "Observation",
        JsonFixture.of(
            "/careplan/eol-entry.json",
            Map.of(
                "patient", "Patient/" + patientId,
                "kind", "preferred-place-of-death",
                "value", "264362003",
                "date", "2026-12-01")));
  }

  @Test
  void discoveryListsThePatientViewService() {
    JsonPath services = ehr(cdsBase()).get(cdsBase()).then().statusCode(200).extract().jsonPath();
    assertThat(services.getList("services.id")).contains(PatientViewService.ID);
    assertThat(
            services.getString("services.find { it.id == '" + PatientViewService.ID + "' }.hook"))
        .isEqualTo("patient-view");
    // The EHR is asked for its own Patient.
    assertThat(
            services.getString(
                "services.find { it.id == '" + PatientViewService.ID + "' }.prefetch.patient"))
        .isEqualTo("Patient/{{context.patientId}}");
  }

  @Test
  void anEhrWhosePatientIdsAreNotCarepathsFindsThePersonByTheNhsNumberItPrefetched() {
    String nhsNumber = testNhsNumber();
    ObjectNode person =
        JsonFixture.tree(
            "/support/patient.json",
            Map.of("birthDate", "1941-04-04", "family", "Prefetched", "practice", PRACTICE_1));
    person
        .putArray("identifier")
        .addObject()
        .put("system", "https://fhir.nhs.uk/Id/nhs-number")
        .put("value", nhsNumber);
    String patient = created("gp", "Patient", person.toString());
    preferredPlaceOfDeath("gp", patient);

    // context.patientId is the EHR's own id; the prefetched Patient carries the NHS number.
    Response found = patientView("ehr-local-4711", tokenFor("gp"), prefetchedPatient(nhsNumber));
    assertThat(found.statusCode()).as(found.asString()).isEqualTo(200);
    assertThat(found.jsonPath().getList("cards.summary", String.class))
        .anyMatch(summary -> summary.contains("End-of-life decisions and preferences recorded"));
    assertThat(found.jsonPath().getList("cards.links.flatten().url", String.class))
        .isNotEmpty()
        .allMatch(
            url ->
                url.endsWith("/app/#/patient/" + patient)
                    || url.endsWith("/fhir/Patient/" + patient + "/$summary"));

    // An NHS number Carepath does not hold, or a person the caller may not see: no cards.
    assertThat(
            patientView("ehr-local-4711", tokenFor("gp"), prefetchedPatient(testNhsNumber()))
                .jsonPath()
                .getList("cards"))
        .isEmpty();
    assertThat(
            patientView("ehr-local-4711", tokenFor("gp-moorland"), prefetchedPatient(nhsNumber))
                .jsonPath()
                .getList("cards"))
        .isEmpty();
    // Without prefetch or fhirServer, Carepath reads for itself, taking the id as its own.
    Response unprefetched = patientView(patient, tokenFor("gp"), call -> call.remove("fhirServer"));
    assertThat(unprefetched.statusCode()).as(unprefetched.asString()).isEqualTo(200);
    assertThat(unprefetched.jsonPath().getList("cards.summary", String.class))
        .anyMatch(summary -> summary.contains("End-of-life decisions and preferences recorded"));
  }

  @Test
  void aBrowserBasedEhrMayCallFromItsOwnOrigin() {
    String url = cdsBase() + "/" + PatientViewService.ID;
    // The browser's preflight carries no JWT: answered with what the origin may send.
    given()
        .header("Origin", "https://ehr.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type")
        .options(url)
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", "https://ehr.example")
        .header("Access-Control-Allow-Methods", org.hamcrest.Matchers.containsString("POST"))
        .header(
            "Access-Control-Allow-Headers",
            org.hamcrest.Matchers.containsStringIgnoringCase("authorization"))
        .header("Access-Control-Allow-Credentials", org.hamcrest.Matchers.nullValue());
    // The call itself still needs the EHR's JWT, and its answer names the origin.
    given().header("Origin", "https://ehr.example").get(cdsBase()).then().statusCode(401);
    ehr(cdsBase())
        .header("Origin", "https://ehr.example")
        .get(cdsBase())
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", "https://ehr.example");
  }

  @Test
  void callsWithoutTheEhrsValidJwtAreRefused() {
    String url = cdsBase() + "/" + PatientViewService.ID;
    given().get(cdsBase()).then().statusCode(401);
    // Addressed to another service.
    given()
        .auth()
        .oauth2(ehrToken("ehr", "https://elsewhere.example/cds-services"))
        .get(cdsBase())
        .then()
        .statusCode(401);
    // Signed by an issuer not trusted as an EHR (Carepath's own users' issuer).
    given().auth().oauth2(ehrToken("carepath", url)).get(cdsBase()).then().statusCode(401);
    given().auth().oauth2(tokenFor("gp")).get(cdsBase()).then().statusCode(401);
  }

  @Test
  void anEhrTokenIsGoodForOneCallOnly() {
    String token = ehrToken("ehr", cdsBase());
    given().auth().oauth2(token).get(cdsBase()).then().statusCode(200);
    // The same JWT again (a replay): refused, however valid it still is.
    given().auth().oauth2(token).get(cdsBase()).then().statusCode(401);
    // A new one from the same EHR is fine.
    given().auth().oauth2(ehrToken("ehr", cdsBase())).get(cdsBase()).then().statusCode(200);
  }

  @Test
  void aPathwayThePatientIsEligibleForIsOfferedAndAcceptingTheSuggestionEnrolsThemOnce() {
    // Severe frailty (fourteen eFI deficits at 86): eligible for proactive frailty care, which no
    // trigger starts on its own.
    String patient = newPatient("1940-03-03", "Offered", PRACTICE_1);
    for (String snomed : FOURTEEN_DEFICITS) {
      created(
          "gp",
          "Condition",
          "{\"resourceType\":\"Condition\",\"code\":{\"coding\":[{\"system\":"
              + "\"http://snomed.info/sct\",\"code\":\""
              + snomed
              + "\"}]},\"subject\":{\"reference\":\"Patient/"
              + patient
              + "\"}}");
    }
    as("gp")
        .body("{\"resourceType\":\"Parameters\"}")
        .post("/Patient/" + patient + "/$stratify")
        .then()
        .statusCode(200);
    // What the card rests on, as the GP sees the record; another practice may not ask.
    assertThat(eligibility(patient, "gp")).containsEntry("frailty", "eligible");
    as("gp-moorland").get("/Patient/" + patient + "/$pathway-eligibility").then().statusCode(404);

    JsonPath cards =
        patientView(patient, tokenFor("gp")).then().statusCode(200).extract().jsonPath();
    String offered = "cards.find { it.source.label == 'Carepath (eligible-not-enrolled)' }";
    assertThat(cards.getString(offered + ".summary"))
        .as(cards.prettify())
        .contains("Frailty and proactive care");
    assertThat(cards.getString(offered + ".detail"))
        .contains("Aged 86, with severe frailty on the electronic frailty index.");
    assertThat(cards.getString(offered + ".indicator")).isEqualTo("info");
    String card = cards.getString(offered + ".uuid");
    String suggestion = cards.getString(offered + ".suggestions[0].uuid");
    assertThat(cards.getString(offered + ".suggestions[0].label")).startsWith("Enrol in");

    // Overridden: nothing happens. Accepted: enrolled. Accepted again: nothing more.
    feedback(card, "overridden", null).then().statusCode(200);
    assertThat(eligibility(patient, "gp")).containsEntry("frailty", "eligible");
    feedback(card, "accepted", suggestion).then().statusCode(200);
    assertThat(eligibility(patient, "gp")).containsEntry("frailty", "enrolled");
    feedback(card, "accepted", suggestion).then().statusCode(200);
    int plans =
        as("gp")
            .queryParam("subject", "Patient/" + patient)
            .get("/CarePlan")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList(
                "entry.resource.findAll { it.instantiatesCanonical?.any { c -> c.contains('PlanDefinition/frailty') } }")
            .size();
    assertThat(plans).as("one enrolment, however often accepted").isEqualTo(1);
    // Enrolled now: no offer.
    assertThat(
            patientView(patient, tokenFor("gp"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("cards.source.label"))
        .doesNotContain("Carepath (eligible-not-enrolled)");
  }

  /** Each pathway's outcome for the patient, as {@code user} sees the record. */
  private Map<String, String> eligibility(String patient, String user) {
    JsonPath answer =
        as(user)
            .get("/Patient/" + patient + "/$pathway-eligibility")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, String> outcomes = new java.util.HashMap<>();
    for (int i = 0; i < answer.getList("parameter").size(); i++) {
      String at = "parameter[" + i + "].part";
      outcomes.put(
          answer.getString(at + ".find { it.name == 'code' }.valueCode"),
          answer.getString(at + ".find { it.name == 'outcome' }.valueCode"));
    }
    return outcomes;
  }

  private Response feedback(String card, String outcome, String suggestion) {
    String url = cdsBase() + "/" + PatientViewService.ID + "/feedback";
    String accepted =
        suggestion == null ? "" : ",\"acceptedSuggestions\":[{\"id\":\"" + suggestion + "\"}]";
    return ehr(url)
        .body(
            "{\"card\":\""
                + card
                + "\",\"outcome\":\""
                + outcome
                + "\""
                + accepted
                + ",\"outcomeTimestamp\":\""
                + Instant.now()
                + "\"}")
        .post(url);
  }

  @Test
  void aGpOpeningTheirPatientSeesOverdueStepsReferralsAndTheEndOfLifeRecordWithReasons() {
    String patient = newPatient("1940-02-02", "Hooked", PRACTICE_1);
    String subject = "Patient/" + patient;
    String plan =
        created(
            "gp",
            "CarePlan",
            JsonFixture.of("/cdshooks/care-plan.json", Map.of("patient", subject)));
    created(
        "gp",
        "Task",
        JsonFixture.of(
            "/cdshooks/overdue-step.json",
            Map.of(
                "plan",
                "CarePlan/" + plan,
                "patient",
                subject,
                "due",
                Instant.now().minus(3, ChronoUnit.DAYS).toString())));
    created("gp", "ServiceRequest", draftReferral(subject).toString());
    preferredPlaceOfDeath("gp", patient);

    Response response = patientView(patient, tokenFor("gp"));

    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    List<Map<String, Object>> cards = response.jsonPath().getList("cards");
    assertThat(cards)
        .extracting(card -> card.get("summary").toString())
        .anyMatch(summary -> summary.contains("1 pathway step for your organisation overdue"))
        .anyMatch(summary -> summary.contains("1 referral you sent awaiting acceptance"))
        .anyMatch(summary -> summary.contains("End-of-life decisions and preferences recorded"));
    JsonPath json = response.jsonPath();
    assertThat(json.getString("cards.find { it.summary.contains('overdue') }.indicator"))
        .isEqualTo("warning");
    assertThat(json.getString("cards.find { it.summary.contains('overdue') }.detail"))
        .contains("Rule:")
        .contains("Review medication");
    // Every card links the shared care plan; the end-of-life card the crisis summary too, which
    // the EHR reads with the token it passed.
    assertThat(json.getList("cards.collect { it.links[0].url }", String.class))
        .allMatch(url -> url.endsWith("/app/#/patient/" + patient));
    List<String> endOfLifeLinks =
        json.getList("cards.find { it.summary.contains('End-of-life') }.links.url", String.class);
    assertThat(endOfLifeLinks)
        .anyMatch(url -> url.endsWith("/fhir/Patient/" + patient + "/$summary"));
    String summary =
        endOfLifeLinks.stream().filter(url -> url.endsWith("/$summary")).findFirst().orElseThrow();
    assertThat(
            given()
                .auth()
                .oauth2(tokenFor("gp"))
                .get(summary)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("type"))
        .isEqualTo("document");
  }

  @Test
  void aPatientTheCallerMayNotSeeOrCarepathDoesNotHoldGivesNoCards() {
    String elsewhere = newPatient("1940-03-03", "Elsewhere", "Organization/demo-practice-2");
    preferredPlaceOfDeath("gp-moorland", elsewhere);
    Response notTheirs = patientView(elsewhere, tokenFor("gp"));
    assertThat(notTheirs.statusCode()).as(notTheirs.asString()).isEqualTo(200);
    assertThat(notTheirs.jsonPath().getList("cards")).isEmpty();
    // The practice that holds the record does see it.
    assertThat(patientView(elsewhere, tokenFor("gp-moorland")).jsonPath().getList("cards"))
        .isNotEmpty();

    Response unknown = patientView("no-such-patient", tokenFor("gp"));
    assertThat(unknown.statusCode()).isEqualTo(200);
    assertThat(unknown.jsonPath().getList("cards")).isEmpty();
  }

  private Response referralSign(String patientId, String draft) {
    String url = cdsBase() + "/" + ReferralSignService.ID;
    com.fasterxml.jackson.databind.node.ObjectNode request =
        JsonFixture.tree(
            "/cdshooks/order-sign.json",
            Map.of(
                "hookInstance", UUID.randomUUID(),
                "accessToken", tokenFor("gp"),
                "patientId", patientId));
    try {
      ((com.fasterxml.jackson.databind.node.ArrayNode) request.at("/context/draftOrders/entry"))
          .addObject()
          .set("resource", new com.fasterxml.jackson.databind.ObjectMapper().readTree(draft));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return ehr(url).body(request.toString()).post(url);
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode draftReferral(String subject) {
    return JsonFixture.tree(
        "/referral/service-request.json",
        Map.of(
            "number",
            unique("DRAFT"),
            "patient",
            subject,
            "serviceType",
            "community-respiratory",
            "priority",
            "routine",
            "authoredOn",
            Instant.now()));
  }

  @Test
  void beforeSigningAReferralTheGpSeesWhereItWouldGoAndWhatIsMissing() {
    String patient = newPatient("1940-05-05", "Drafted", PRACTICE_1);
    String subject = "Patient/" + patient;

    Response complete = referralSign(patient, draftReferral(subject).toString());
    assertThat(complete.statusCode()).as(complete.asString()).isEqualTo(200);
    assertThat(complete.jsonPath().getList("cards.summary", String.class))
        .singleElement()
        .satisfies(summary -> assertThat(summary).startsWith("Goes to ").contains("accepted by"));

    com.fasterxml.jackson.databind.node.ObjectNode draft = draftReferral(subject);
    draft.remove("reasonCode");
    Response missing = referralSign(patient, draft.toString());
    assertThat(missing.statusCode()).as(missing.asString()).isEqualTo(200);
    JsonPath cards = missing.jsonPath();
    assertThat(cards.getString("cards.find { it.indicator == 'critical' }.summary"))
        .contains("minimum data set incomplete");
    assertThat(cards.getString("cards.find { it.indicator == 'critical' }.detail"))
        .contains("reasonCode");
    // Nothing was stored.
    assertThat(searchTotal("gp", "ServiceRequest", "patient", subject)).isZero();

    // Another practice's patient: no cards.
    String elsewhere = newPatient("1940-06-06", "Elsewhere", "Organization/demo-practice-2");
    Response notTheirs = referralSign(elsewhere, draftReferral("Patient/" + elsewhere).toString());
    assertThat(notTheirs.statusCode()).isEqualTo(200);
    assertThat(notTheirs.jsonPath().getList("cards")).isEmpty();
  }

  @Test
  void withoutACarepathTokenInFhirAuthorizationNothingIsRead() {
    String patient = newPatient("1940-04-04", "Unauthorised", PRACTICE_1);
    assertThat(patientView(patient, "not-a-token").statusCode()).isEqualTo(403);
  }
}
