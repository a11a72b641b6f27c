package org.carepath.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.carepath.server.support.JsonFixture;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The leak matrix (issue 15): every demo actor × patients in each kind of relationship × every
 * interaction, expected allow or deny from the access model, actual from HTTP. A leak (denied but
 * seen or written) and a refusal of what the model allows both fail, so the matrix cannot pass by
 * refusing everything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIT extends ServerTestSupport {

  /** Every demo user that acts on records, and a second practice's GP. */
  static final List<String> ACTORS =
      List.of(
          "gp",
          "gp-moorland",
          "practice-nurse",
          "gp-system",
          "care-coordinator",
          "community-nurse",
          "specialist",
          "social-worker",
          "care-home-staff",
          "commissioner",
          "content-author",
          "privacy-officer",
          "urgent-care");

  /** Hillside Surgery's privacy officer sees who accessed its patients' records, nothing else. */
  static final String PRIVACY_OFFICER = "privacy-officer";

  /**
   * One patient in one kind of relationship and state, the actors the model lets into the record,
   * those who also see its items (two Conditions the registered practice's GP recorded, which a
   * sharing class or the patient's objection can hide), and those who may have the whole record
   * analysed ({@code $stratify}: under an objection, the registered practice and its PCN only).
   */
  record Subject(
      String relationship,
      String patient,
      String practice,
      String owner,
      Set<String> allowed,
      Set<String> seeItems,
      Set<String> analyse) {}

  /** Hillside Surgery's own staff and system: the custodian of what its GP records. */
  static final Set<String> HILLSIDE = Set.of("gp", "practice-nurse", "gp-system");

  /** Hillside's staff and its PCN's care coordinator: those registration lets in. */
  static final Set<String> HILLSIDE_AND_PCN =
      Set.of("gp", "practice-nurse", "gp-system", "care-coordinator");

  private final List<Subject> subjects = new ArrayList<>();
  private final Map<String, List<String>> conditions = new LinkedHashMap<>();
  private Instant setUp;

  @BeforeAll
  void patientsInEveryKindOfRelationship() {
    setUp = Instant.now().minusSeconds(1);
    subject(
        "registered at Hillside Surgery (practice 1, PCN 1)",
        "demo-practice-1",
        Set.of("gp", "practice-nurse", "gp-system", "care-coordinator"),
        patient -> {});
    subject(
        "community trust on the care team",
        "demo-practice-3",
        Set.of("community-nurse"),
        patient ->
            created(
                gpAt("demo-practice-3"),
                "CareTeam",
                careTeam(patient, "active", "Organization/demo-community-trust")));
    subject(
        "respiratory service owns a referral Task",
        "demo-practice-4",
        Set.of("specialist"),
        patient ->
            created(
                gpAt("demo-practice-4"),
                "Task",
                JsonFixture.of(
                    "/access/task.json",
                    Map.of(
                        "patient", patient,
                        "requester", "Organization/demo-practice-4",
                        "owner", "Organization/demo-hospital-respiratory"))));
    subject(
        "lives at Oak Lodge (episode of care), registered at practice 2 of PCN 1",
        "demo-practice-2",
        Set.of("gp-moorland", "care-coordinator", "care-home-staff"),
        patient ->
            created(
                gpAt("demo-practice-2"),
                "EpisodeOfCare",
                JsonFixture.of(
                    "/access/episode-of-care.json",
                    Map.of(
                        "status", "active",
                        "patient", patient,
                        "organisation", "Organization/demo-care-home-1"))));
    subject(
        "social care's care team entered in error (relationship ended)",
        "demo-practice-5",
        Set.of(),
        patient -> {
          String team =
              created(
                  gpAt("demo-practice-5"),
                  "CareTeam",
                  careTeam(patient, "active", "Organization/demo-social-care"));
          as(gpAt("demo-practice-5"))
              .body(
                  JsonFixture.tree(
                          "/access/care-team.json",
                          Map.of(
                              "status", "entered-in-error",
                              "patient", patient,
                              "member", "Organization/demo-social-care"))
                      .put("id", team)
                      .toString())
              .put("/CareTeam/" + team)
              .then()
              .statusCode(200);
        });
    subject("no relationship with anyone acting", "demo-practice-6", Set.of(), patient -> {});
    Set<String> hillsideAndCommunity = new java.util.HashSet<>(HILLSIDE_AND_PCN);
    hillsideAndCommunity.add("community-nurse");
    subject(
        "registered at Hillside, community trust on the care team, the patient objects to sharing",
        "demo-practice-1",
        "shared",
        hillsideAndCommunity,
        HILLSIDE,
        HILLSIDE_AND_PCN,
        patient -> {
          created(
              "gp", "CareTeam", careTeam(patient, "active", "Organization/demo-community-trust"));
          objects(patient, "gp");
        });
    subject(
        "registered at Hillside, its GP's Conditions sealed",
        "demo-practice-1",
        "sealed",
        HILLSIDE_AND_PCN,
        HILLSIDE,
        patient -> {});
    subject(
        "registered at Hillside, its GP's Conditions organisation-private",
        "demo-practice-1",
        "organisation-private",
        HILLSIDE_AND_PCN,
        HILLSIDE,
        patient -> {});
    subject(
        "break-glass: the specialist asserted emergency access, the patient objects to sharing",
        "demo-practice-6",
        "shared",
        Set.of("specialist"),
        Set.of("specialist"),
        patient -> {
          objects(patient, "gp-meadow-lane");
          emergencyAccess("specialist", patient);
        });
    subject(
        "break-glass: urgent care (111) asserted emergency access: its crisis summary only",
        "demo-practice-6",
        Set.of(),
        patient -> emergencyAccess("urgent-care", patient));
    subject(
        "break-glass: the specialist asserted emergency access, the GP's Conditions sealed",
        "demo-practice-6",
        "sealed",
        Set.of("specialist"),
        Set.of(),
        patient -> emergencyAccess("specialist", patient));
  }

  /** The registered practice's GP records the patient's objection to sharing. */
  private void objects(String patient, String practiceGp) {
    created(practiceGp, "Consent", AccessFixtures.objection(patient, "active"));
  }

  private void emergencyAccess(String actor, String patient) {
    as(actor)
        .body(
            JsonFixture.of(
                "/access/emergency-access.json",
                Map.of("code", "ETREAT", "text", "Unconscious in clinic, history needed")))
        .post("/" + patient + "/$emergency-access")
        .then()
        .statusCode(200);
  }

  private void subject(
      String relationship,
      String practice,
      Set<String> allowed,
      java.util.function.Consumer<String> relate) {
    subject(relationship, practice, "shared", allowed, allowed, relate);
  }

  private void subject(
      String relationship,
      String practice,
      String sharing,
      Set<String> allowed,
      Set<String> seeItems,
      java.util.function.Consumer<String> relate) {
    subject(relationship, practice, sharing, allowed, seeItems, allowed, relate);
  }

  /**
   * @param sharing the sharing class of the GP's Conditions
   * @param seeItems who may see those Conditions
   */
  private void subject(
      String relationship,
      String practice,
      String sharing,
      Set<String> allowed,
      Set<String> seeItems,
      Set<String> analyse,
      java.util.function.Consumer<String> relate) {
    String patient =
        "Patient/"
            + newPatient(
                String.format("1950-03-%02d", subjects.size() + 1),
                "Matrix",
                "Organization/" + practice);
    String owner = gpAt(practice);
    List<String> records = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      records.add(created(owner, "Condition", AccessFixtures.labelledCondition(patient, sharing)));
    }
    conditions.put(patient, records);
    relate.accept(patient);
    subjects.add(new Subject(relationship, patient, practice, owner, allowed, seeItems, analyse));
  }

  private static String careTeam(String patient, String status, String member) {
    return AccessFixtures.careTeam(patient, status, member);
  }

  /** An interaction: whether {@code actor} saw or changed {@code subject}'s record. */
  private Map<String, BiFunction<String, Subject, Boolean>> interactions() {
    Map<String, BiFunction<String, Subject, Boolean>> all = new LinkedHashMap<>();
    all.put("read Patient", (actor, s) -> ok(as(actor).get("/" + s.patient())));
    all.put("read Condition", (actor, s) -> ok(as(actor).get("/Condition/" + condition(s))));
    all.put(
        "vread Condition",
        (actor, s) -> ok(as(actor).get("/Condition/" + condition(s) + "/_history/1")));
    all.put(
        "search Condition?subject",
        (actor, s) -> hasEntries(as(actor).queryParam("subject", s.patient()).get("/Condition")));
    all.put(
        "search Patient?_id",
        (actor, s) -> hasEntries(as(actor).queryParam("_id", id(s.patient())).get("/Patient")));
    all.put(
        "search Condition _include subject",
        (actor, s) ->
            hasEntries(
                as(actor)
                    .queryParam("_id", condition(s))
                    .queryParam("_include", "Condition:subject")
                    .get("/Condition")));
    all.put(
        "search Patient _revinclude Condition",
        (actor, s) ->
            hasEntries(
                as(actor)
                    .queryParam("_id", id(s.patient()))
                    .queryParam("_revinclude", "Condition:subject")
                    .get("/Patient")));
    all.put(
        "Patient instance history",
        (actor, s) -> hasEntries(as(actor).get("/" + s.patient() + "/_history")));
    all.put(
        "Condition type history",
        (actor, s) -> {
          Response response =
              as(actor)
                  .queryParam("_since", setUp.toString())
                  .queryParam("_count", 500)
                  .get("/Condition/_history");
          return response.statusCode() == 200
              && response.asString().contains("Condition/" + condition(s));
        });
    all.put(
        "_getpages replayed from the owner's search",
        (actor, s) -> {
          String next =
              as(s.owner())
                  .queryParam("subject", s.patient())
                  .queryParam("_count", 1)
                  .get("/Condition")
                  .then()
                  .statusCode(200)
                  .extract()
                  .jsonPath()
                  .getString("link.find { it.relation == 'next' }.url");
          assertThat(next).as("the owner's search has a second page").isNotNull();
          return hasEntries(as(actor).get(next));
        });
    all.put(
        "Patient $everything",
        (actor, s) -> hasEntries(as(actor).get("/" + s.patient() + "/$everything")));
    all.put(
        "create Observation",
        (actor, s) -> created(as(actor).body(observation(s, "created")).post("/Observation")));
    all.put(
        "conditional create Observation",
        (actor, s) ->
            created(
                as(actor)
                    .header("If-None-Exist", "code:text=never-" + unique("x"))
                    .body(observation(s, "conditional"))
                    .post("/Observation")));
    all.put(
        "update Condition",
        (actor, s) -> {
          String body =
              JsonFixture.tree(
                      "/support/condition.json",
                      Map.of("snomed", "161891005", "patient", s.patient()))
                  .put("id", condition(s))
                  .toString();
          return ok(as(actor).body(body).put("/Condition/" + condition(s)));
        });
    all.put(
        "patch Condition",
        (actor, s) ->
            ok(
                as(actor)
                    .contentType("application/json-patch+json")
                    .body(
                        "[{\"op\":\"replace\",\"path\":\"/onsetDateTime\",\"value\":\"2026-10-02\"}]")
                    .patch("/Condition/" + condition(s))));
    all.put(
        "transaction creating an Observation",
        (actor, s) ->
            ok(
                as(actor)
                    .body(
                        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
                            + observation(s, "in a transaction")
                            + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}")
                    .post("/")));
    all.put(
        "Patient $pathway-eligibility",
        (actor, s) -> ok(as(actor).get("/" + s.patient() + "/$pathway-eligibility")));
    all.put(
        "Patient $access-report",
        (actor, s) -> hasEntries(as(actor).get("/" + s.patient() + "/$access-report")));
    all.put(
        "search AuditEvent?patient",
        (actor, s) -> hasEntries(as(actor).queryParam("patient", s.patient()).get("/AuditEvent")));
    all.put(
        "Patient $stratify",
        (actor, s) ->
            ok(
                as(actor)
                    .body("{\"resourceType\":\"Parameters\"}")
                    .post("/" + s.patient() + "/$stratify")));
    return all;
  }

  @Test
  void noActorSeesOrChangesARecordTheModelDoesNotAllow() {
    var interactions = interactions();
    List<String> leaks = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    int cells = 0;
    for (var interaction : interactions.entrySet()) {
      for (Subject subject : subjects) {
        for (String actor : ACTORS) {
          boolean expected = expected(interaction.getKey(), actor, subject);
          boolean actual = interaction.getValue().apply(actor, subject);
          cells++;
          String cell = actor + " × " + subject.relationship() + " × " + interaction.getKey();
          if (actual && !expected) {
            leaks.add(cell);
          } else if (expected && !actual) {
            refusals.add(cell);
          }
        }
      }
    }
    System.out.printf(
        "Access matrix: %d actors × %d relationships × %d interactions = %d cells, %d leaks, %d"
            + " wrongful refusals%n",
        ACTORS.size(), subjects.size(), interactions.size(), cells, leaks.size(), refusals.size());
    leaks.forEach(cell -> System.out.println("LEAK " + cell));
    refusals.forEach(cell -> System.out.println("REFUSED " + cell));
    assertThat(leaks).as("leaks").isEmpty();
    assertThat(refusals).as("access the model allows but the server refused").isEmpty();
  }

  /** The GP system signs in with client credentials; people with the password grant. */
  @Override
  protected io.restassured.specification.RequestSpecification as(String username) {
    if (!"gp-system".equals(username)) {
      return super.as(username);
    }
    return anonymous()
        .auth()
        .oauth2(systemToken())
        .contentType("application/fhir+json")
        .accept("application/fhir+json");
  }

  private String systemToken() {
    return systemTokenFor("gp-system");
  }

  /**
   * The model: those with a relationship (or their organisation's) may do everything, and see who
   * accessed the record; AuditEvents themselves are the privacy officer's, for the patients
   * registered at their practice, as is the access report; the officer sees no record.
   */
  private static boolean expected(String interaction, String actor, Subject subject) {
    boolean audit = interaction.equals("search AuditEvent?patient");
    boolean report = interaction.equals("Patient $access-report");
    if (actor.equals(PRIVACY_OFFICER)) {
      return (audit || report) && subject.practice().equals("demo-practice-1");
    }
    if (audit) {
      return false;
    }
    if (interaction.equals("Patient $stratify")) {
      return subject.analyse().contains(actor);
    }
    return (ITEM_INTERACTIONS.contains(interaction) ? subject.seeItems() : subject.allowed())
        .contains(actor);
  }

  /**
   * The interactions that see or change the GP's Conditions themselves; the rest see the Patient
   * (also in a Bundle with Conditions left out) or write a new item of the record.
   */
  static final Set<String> ITEM_INTERACTIONS =
      Set.of(
          "read Condition",
          "vread Condition",
          "search Condition?subject",
          "search Condition _include subject",
          "Condition type history",
          "_getpages replayed from the owner's search",
          "update Condition",
          "patch Condition");

  private String condition(Subject subject) {
    return id(conditions.get(subject.patient()).get(0));
  }

  private static String id(String reference) {
    return reference.substring(reference.indexOf('/') + 1);
  }

  private static String observation(Subject subject, String text) {
    return AccessFixtures.observation(subject.patient(), text);
  }

  private static boolean ok(Response response) {
    return response.statusCode() == 200;
  }

  private static boolean created(Response response) {
    return response.statusCode() == 201;
  }

  /** A 200 Bundle with at least one resource in it. */
  private static boolean hasEntries(Response response) {
    if (response.statusCode() != 200) {
      return false;
    }
    JsonPath body = response.jsonPath();
    List<Object> resources = body.getList("entry.resource");
    return resources != null && !resources.isEmpty();
  }
}
