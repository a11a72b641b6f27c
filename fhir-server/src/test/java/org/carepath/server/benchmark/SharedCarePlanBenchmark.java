package org.carepath.server.benchmark;

import static org.carepath.server.benchmark.BenchmarkHttp.get;
import static org.carepath.server.benchmark.BenchmarkHttp.percentile;
import static org.carepath.server.benchmark.BenchmarkHttp.post;
import static org.carepath.server.benchmark.BenchmarkHttp.put;
import static org.carepath.server.benchmark.BenchmarkHttp.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.carepath.server.demo.PopulationLoader;
import org.carepath.server.demo.PopulationMix;
import org.carepath.server.demo.SyntheticPopulation;
import org.carepath.server.security.DevIssuer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code Patient/[id]/$shared-care-plan} over HTTP with {@code benchmark.patients} patients in the
 * store (a general-practice population, loaded unless {@code benchmark.data} already holds them):
 * {@code benchmark.people} people are given what an MDT person has — diabetes, COPD and a
 * palliative diagnosis, three goals, a four-organisation care team, a shared care plan, five
 * pathways (diabetes, HOT clinic, COPD post-discharge, end of life, care homes), two sections, two
 * end-of-life entries and the community nurses' own Tasks (listed in their section) up to 50 Tasks
 * in all — then the GP reads their plans round robin: {@code benchmark.warmup} untimed calls, then
 * {@code benchmark.sample} timed, each alternating with the same person's crisis summary ({@code
 * $summary}). Prints p50, p95, entries (sections) per answer and the ratio to each goal (p95 50 ms
 * and 100 ms).
 *
 * <p>{@code mvn -B -pl fhir-server -am -Pbenchmark-shared-care-plan verify
 * -Dbenchmark.patients=100000 [-Dbenchmark.data=target/scp-data]
 * [-Dbenchmark.server-settings=--name=value,…]}
 */
public final class SharedCarePlanBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PRACTICE = "Organization/demo-practice-1";
  private static final int TASKS = 50;

  private SharedCarePlanBenchmark() {}

  public static void main(String[] args) throws Exception {
    int patients = Integer.getInteger("benchmark.patients", 100_000);
    int people = Integer.getInteger("benchmark.people", 20);
    int samples = Integer.getInteger("benchmark.sample", 300);
    int warmUp = Integer.getInteger("benchmark.warmup", 100);
    Path dataDir = BenchmarkServer.dataDir("scp-data-");
    // More server settings to try (--name=value,…), e.g. --carepath.audit.enabled=false.
    List<String> settings = new ArrayList<>(List.of("--carepath.pathway.diabetes-trigger=none"));
    Arrays.stream(System.getProperty("benchmark.server-settings", "").split(","))
        .filter(setting -> !setting.isBlank())
        .forEach(settings::add);
    try (ConfigurableApplicationContext server =
        BenchmarkServer.start(dataDir, settings.toArray(String[]::new))) {
      String base = BenchmarkServer.fhirBase(server);
      String tokenEndpoint = server.getBean(DevIssuer.class).tokenEndpoint();
      JdbcTemplate jdbc = server.getBean(JdbcTemplate.class);
      int present = jdbc.queryForObject("select count(*) from cp_risk_patient", Integer.class);
      if (present < patients) {
        System.err.printf(
            Locale.ROOT, "Loading %,d patients (%,d present)%n", patients - present, present);
        new PopulationLoader(base, PopulationLoader.demoGpTokens(tokenEndpoint))
            .load(
                new SyntheticPopulation(
                    20261206,
                    PopulationMix.generalPractice(),
                    BenchmarkServer.PRACTICES,
                    LocalDate.now(),
                    1),
                1 + present,
                patients - present,
                10,
                4,
                System.err);
      }
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      Mdt mdt =
          new Mdt(
              http,
              base,
              PopulationLoader.demoToken(tokenEndpoint, "gp"),
              PopulationLoader.demoToken(tokenEndpoint, "community-nurse"),
              PopulationLoader.demoToken(tokenEndpoint, "social-worker"));
      List<String> ids = new ArrayList<>();
      int tasks = 0;
      for (int i = 0; i < people; i++) {
        String id = mdt.person(i);
        ids.add(id);
        tasks += mdt.tasks(id);
      }
      int stored = jdbc.queryForObject("select count(*) from cp_risk_patient", Integer.class);
      List<Double> times = new ArrayList<>();
      List<Double> summaryTimes = new ArrayList<>();
      int entries = 0;
      int sections = 0;
      jdk.jfr.Recording recording = BenchmarkHttp.startRecording();
      for (int call = 0; call < warmUp + samples; call++) {
        String id = ids.get(call % ids.size());
        // The two reads alternate, which goes first too, so neither has the warmer caches.
        boolean planFirst = call % 2 == 0;
        for (int read = 0; read < 2; read++) {
          boolean plan = (read == 0) == planFirst;
          long t = System.nanoTime();
          String answer =
              send(
                  http,
                  get(
                      base + "/Patient/" + id + (plan ? "/$shared-care-plan" : "/$summary"),
                      mdt.gp),
                  200);
          double ms = (System.nanoTime() - t) / 1e6;
          if (call >= warmUp) {
            (plan ? times : summaryTimes).add(ms);
            JsonNode body = JSON.readTree(answer);
            if (plan) {
              entries += body.path("entry").size();
            } else {
              sections += body.path("entry").path(0).path("resource").path("section").size();
            }
          }
        }
      }
      if (recording != null) {
        recording.stop();
        recording.close();
      }
      double p95 = percentile(times, 95);
      double summaryP95 = percentile(summaryTimes, 95);
      System.out.printf(
          Locale.ROOT,
          "$shared-care-plan (%,d patients in the store; %d people on 5 pathways, %.0f Tasks each;"
              + " %.0f entries per answer; %d calls after %d untimed): p50 %.1f ms, p95 %.1f ms"
              + " (goal 50 ms: %.2fx)%n",
          stored,
          people,
          tasks / (double) people,
          entries / (double) samples,
          samples,
          warmUp,
          percentile(times, 50),
          p95,
          p95 / 50);
      System.out.printf(
          Locale.ROOT,
          "$summary, the crisis summary of the same people (%.0f sections per document; %d calls,"
              + " alternating with the plan): p50 %.1f ms, p95 %.1f ms (goal 100 ms: %.2fx)%n",
          sections / (double) samples,
          samples,
          percentile(summaryTimes, 50),
          summaryP95,
          summaryP95 / 100);
    }
    System.exit(0);
  }

  /** What an MDT builds for one person, over the API as each organisation would. */
  private record Mdt(HttpClient http, String base, String gp, String nurse, String socialWorker) {

    /** A new person with everything an MDT person has; answers their id. */
    String person(int n) throws Exception {
      String patient =
          created(
              gp,
              "Patient",
              "{\"resourceType\":\"Patient\",\"birthDate\":\"1940-01-0"
                  + (1 + n % 9)
                  + "\",\"name\":[{\"family\":\"Mdt"
                  + n
                  + "\"}],\"generalPractitioner\":[{\"reference\":\""
                  + PRACTICE
                  + "\"}]}");
      String subject = "Patient/" + patient;
      List<String> goals = new ArrayList<>();
      for (String words :
          List.of("Walk to the shops again", "Stay at home", "Be free of pain at night")) {
        goals.add(
            "Goal/"
                + created(
                    gp,
                    "Goal",
                    "{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"active\",\"description\":"
                        + "{\"text\":\""
                        + words
                        + "\"},\"subject\":{\"reference\":\""
                        + subject
                        + "\"},\"expressedBy\":{\"reference\":\""
                        + subject
                        + "\"}}"));
      }
      StringBuilder team =
          new StringBuilder(
              "{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":{\"reference\":\""
                  + subject
                  + "\"},\"participant\":[");
      String[][] members = {
        {PRACTICE, "gp"},
        {"Organization/demo-community-trust", "community-nurse"},
        {"Organization/demo-social-care", "social-worker"},
        {"Organization/demo-care-home-1", "care-home-staff"}
      };
      for (int i = 0; i < members.length; i++) {
        team.append(i == 0 ? "" : ",")
            .append("{\"role\":[{\"coding\":[{\"system\":")
            .append("\"https://fhir.carepath.org/CodeSystem/care-role\",\"code\":\"")
            .append(members[i][1])
            .append("\"}]}],\"member\":{\"reference\":\"")
            .append(members[i][0])
            .append("\"}}");
      }
      String careTeam = "CareTeam/" + created(gp, "CareTeam", team.append("]}").toString());
      String plan =
          "CarePlan/"
              + created(
                  gp,
                  "CarePlan",
                  "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\","
                      + "\"category\":[{\"coding\":[{\"system\":"
                      + "\"https://fhir.carepath.org/CodeSystem/care-plan-category\",\"code\":"
                      + "\"shared-care-plan\"}]}],\"subject\":{\"reference\":\""
                      + subject
                      + "\"},\"author\":{\"reference\":\""
                      + PRACTICE
                      + "\"},\"careTeam\":[{\"reference\":\""
                      + careTeam
                      + "\"}],\"goal\":"
                      + references(goals)
                      + "}");
      // The problems, recorded after the plan was started: a palliative diagnosis enrols the
      // person in the end-of-life pathway (a trigger, after commit), which joins their plan.
      List<String> problems = new ArrayList<>();
      for (String snomed : List.of("44054006", "13645005", "103735009")) {
        problems.add(
            "Condition/"
                + created(
                    gp,
                    "Condition",
                    "{\"resourceType\":\"Condition\",\"clinicalStatus\":{\"coding\":[{\"system\":"
                        + "\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":"
                        + "\"active\"}]},\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\","
                        + "\"code\":\""
                        + snomed
                        + "\"}]},\"subject\":{\"reference\":\""
                        + subject
                        + "\"},\"onsetDateTime\":\"2025-06-01\"}"));
      }
      ObjectNode started = (ObjectNode) JSON.readTree(send(http, get(base + "/" + plan, gp), 200));
      var addresses = started.putArray("addresses");
      problems.forEach(problem -> addresses.addObject().put("reference", problem));
      send(http, put(base + "/" + plan, gp, started.toString()), 200);
      awaitEndOfLifeEnrolment(subject);
      for (String pathway :
          List.of("diabetes", "hot-clinic", "copd-post-discharge", "end-of-life", "care-homes")) {
        String setting =
            pathway.equals("care-homes")
                ? ",{\"name\":\"setting\",\"valueReference\":{\"reference\":"
                    + "\"Organization/demo-care-home-1\"}}"
                : "";
        send(
            http,
            post(
                base + "/" + subject + "/$enrol",
                gp,
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"pathway\","
                    + "\"valueString\":\""
                    + pathway
                    + "\"}"
                    + setting
                    + "]}"),
            200);
      }
      section(socialWorker, subject, plan, "Organization/demo-social-care", List.of());
      eolEntry(subject, "preferred-place-of-death", "264362003", "");
      eolEntry(
          subject,
          "resuscitation-decision",
          "304253006",
          ",\"performer\":[{\"reference\":\"Practitioner/demo-gp\"}],\"component\":[{\"code\":"
              + "{\"coding\":[{\"system\":\"https://fhir.carepath.org/CodeSystem/eol-preference-type\","
              + "\"code\":\"discussed-with\"}]},\"valueCodeableConcept\":{\"text\":\"The person\"}}]");
      // The community nurses' own Tasks, listed in their section, up to 50 Tasks in all.
      List<String> nursing = new ArrayList<>();
      for (int have = tasks(patient); have < TASKS; have++) {
        nursing.add(
            "Task/"
                + created(
                    nurse,
                    "Task",
                    "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                        + "\"description\":\"Home visit "
                        + have
                        + "\",\"for\":{\"reference\":\""
                        + subject
                        + "\"},\"owner\":{\"reference\":\"Organization/demo-community-trust\"}}"));
      }
      section(nurse, subject, plan, "Organization/demo-community-trust", nursing);
      return patient;
    }

    /** Waits (30 s at most) for the trigger's end-of-life enrolment, which runs after commit. */
    private void awaitEndOfLifeEnrolment(String subject) throws Exception {
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < until) {
        String plans =
            send(
                http,
                get(
                    base
                        + "/CarePlan?subject="
                        + subject
                        + "&pathway=https://fhir.carepath.org/PlanDefinition/end-of-life",
                    gp),
                200);
        if (JSON.readTree(plans).path("entry").size() > 0) {
          return;
        }
        Thread.sleep(200);
      }
      throw new IllegalStateException("no end-of-life enrolment for " + subject + " in 30 s");
    }

    int tasks(String patient) throws Exception {
      String bundle =
          send(http, get(base + "/Task?patient=Patient/" + patient + "&_count=200", gp), 200);
      return JSON.readTree(bundle).path("entry").size();
    }

    private void section(
        String token, String subject, String plan, String owner, List<String> tasks)
        throws Exception {
      StringBuilder activities = new StringBuilder();
      for (String task : tasks) {
        activities.append(activities.length() == 0 ? "" : ",");
        activities.append("{\"reference\":{\"reference\":\"").append(task).append("\"}}");
      }
      created(
          token,
          "CarePlan",
          "{\"resourceType\":\"CarePlan\",\"partOf\":[{\"reference\":\""
              + plan
              + "\"}],\"status\":\"active\",\"intent\":\"plan\",\"category\":[{\"coding\":"
              + "[{\"system\":\"https://fhir.carepath.org/CodeSystem/care-plan-category\","
              + "\"code\":\"care-plan-section\"}]}],\"subject\":{\"reference\":\""
              + subject
              + "\"},\"author\":{\"reference\":\""
              + owner
              + "\"},"
              + (tasks.isEmpty() ? "" : "\"activity\":[" + activities + "],")
              + "\"note\":[{\"text\":\"Visits twice a week.\"}]}");
    }

    private void eolEntry(String subject, String kind, String value, String more) throws Exception {
      created(
          gp,
          "Observation",
          "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{"
              + "\"system\":\"https://fhir.carepath.org/CodeSystem/eol-preference-type\","
              + "\"code\":\""
              + kind
              + "\"}]},\"subject\":{\"reference\":\""
              + subject
              + "\"},\"effectiveDateTime\":\"2026-12-01\""
              + more
              + ",\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://snomed.info/sct\","
              + "\"code\":\""
              + value
              + "\"}]}}");
    }

    private String created(String token, String type, String body) throws Exception {
      JsonNode answer = JSON.readTree(send(http, post(base + "/" + type, token, body), 201));
      return answer.path("id").asText();
    }

    private static String references(List<String> references) {
      StringBuilder json = new StringBuilder("[");
      for (int i = 0; i < references.size(); i++) {
        json.append(i == 0 ? "" : ",").append("{\"reference\":\"").append(references.get(i));
        json.append("\"}");
      }
      return json.append("]").toString();
    }
  }
}
