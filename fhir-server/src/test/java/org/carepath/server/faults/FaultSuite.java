package org.carepath.server.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.carepath.server.support.ConcurrentEdits;
import org.carepath.server.support.ServerProcess;
import org.carepath.server.support.Tokens;

/**
 * The fault suite (issue 19): a realistic GP-system load — patients and referrals as conditional
 * writes, retried until acknowledged — against a server in its own process on loopback, with faults
 * injected: {@code kill} (SIGKILL mid-load, restart), {@code stop} (SIGTERM mid-load and
 * mid-population-run: a transaction in flight answered and stored, nothing left picked), {@code
 * outage} (PostgreSQL stopped for {@code faults.outage-seconds}, the server left running), {@code
 * receiver} (three Subscriptions' receivers down, answering 500 and hanging for {@code
 * faults.receiver-down-seconds} while a fourth stays up; Tasks change meanwhile), {@code replicas}
 * (a second replica on the same PostgreSQL: the same referral to both, a population run in small
 * chunks during which the second replica is killed, then writes round robin), {@code edits} (20
 * clients editing the same steps with If-Match), and {@code soak} ({@code faults.soak-minutes} at a
 * steady mixed rate: p95 per request type at the start and the end, heap and pool; a misbehaving GP
 * system beside it under its own rate limit). Prints a table — fault, operations, acknowledged,
 * found, duplicated, lost, outcomes — and exits non-zero on any loss or duplicate, or a fault's own
 * check failing.
 *
 * <p>{@code mvn -B -pl fhir-server -am -Pfault-suite verify [-Dfaults.which=kill,stop,outage,
 * receiver,replicas,edits,soak -Dfaults.outage-seconds=30 -Dfaults.receiver-down-seconds=600
 * -Dfaults.soak-minutes=30 -Dfaults.noisy-limit=50 -Dfaults.noisy-threads=4]}
 */
public final class FaultSuite {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration PATIENCE = Duration.ofMinutes(5);

  /** Population runs in small chunks, so a run of a few hundred patients has many to share. */
  static final String SMALL_CHUNKS = "--carepath.risk.population.chunk-size=10";

  /**
   * The misbehaving GP system of the soak and its own rate limit (requests a second; {@code
   * faults.noisy-limit}, 0 for none — to see what the limit spares the others).
   */
  private static final String NOISY_CLIENT = "gp-system";

  private static final int NOISY_LIMIT = Integer.getInteger("faults.noisy-limit", 50);

  /** Its threads ({@code faults.noisy-threads}; 0: the soak without it, for comparison). */
  private static final int NOISY_THREADS = Integer.getInteger("faults.noisy-threads", 4);

  private final List<String> rows = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private Path postgresDir;
  private int postgresPort;
  private EmbeddedPostgres postgres;

  private FaultSuite() {}

  public static void main(String[] args) throws Exception {
    Set<String> which =
        Set.of(
            System.getProperty("faults.which", "kill,stop,outage,receiver,replicas,edits,soak")
                .split(","));
    FaultSuite suite = new FaultSuite();
    suite.startPostgres();
    try (ServerProcess server =
        ServerProcess.start(
            "fault-suite",
            suite.jdbcUrl(),
            FaultSuite.SMALL_CHUNKS,
            "--carepath.fhir.rate-limit.clients." + NOISY_CLIENT + ".per-second=" + NOISY_LIMIT,
            "--carepath.fhir.rate-limit.clients." + NOISY_CLIENT + ".burst=" + 2 * NOISY_LIMIT)) {
      Gp gp = new Gp(server);
      String patient = new Writes().send(Writes.patient(), () -> gp, PATIENCE);
      if (which.contains("kill")) {
        suite.kill(server, gp, patient);
      }
      if (which.contains("stop")) {
        suite.stop(server, gp, patient);
      }
      if (which.contains("outage")) {
        suite.outage(gp, patient, Integer.getInteger("faults.outage-seconds", 30));
      }
      if (which.contains("receiver")) {
        suite.receiver(
            server, gp, patient, Integer.getInteger("faults.receiver-down-seconds", 600));
      }
      if (which.contains("replicas")) {
        suite.replicas(server, gp, patient);
      }
      if (which.contains("edits")) {
        suite.edits(server);
      }
      if (which.contains("soak")) {
        suite.soak(server, gp, patient, Integer.getInteger("faults.soak-minutes", 30));
      }
    } finally {
      suite.postgres.close();
    }
    System.out.println();
    System.out.println(
        "| fault | operations | acknowledged | found | duplicated | lost | outcomes (attempts) |");
    System.out.println("|---|---|---|---|---|---|---|");
    suite.rows.forEach(System.out::println);
    suite.failures.forEach(failure -> System.out.println("FAILED: " + failure));
    if (!suite.failures.isEmpty()) {
      System.exit(1);
    }
  }

  /** The GP system at a server: its token, renewed when the server's issuer changed. */
  private static final class Gp implements Writes.Target {
    private final ServerProcess server;
    private volatile String token;

    Gp(ServerProcess server) {
      this.server = server;
      this.token = Tokens.passwordGrant(server.tokenEndpoint(), "gp");
    }

    @Override
    public String fhirBase() {
      return server.fhirBase();
    }

    @Override
    public String token() {
      return token;
    }

    @Override
    public void signInAgain() {
      try {
        token = Tokens.passwordGrant(server.tokenEndpoint(), "gp");
      } catch (RuntimeException issuerNotUpYet) {
        // retried with the next attempt
      }
    }
  }

  // ---- faults ----

  private void kill(ServerProcess server, Gp gp, String patient) throws Exception {
    try (Receiver receiver = new Receiver()) {
      post(
          gp, "Subscription", receiver.subscription("Task?requester=Organization/demo-practice-1"));
      Writes writes = new Writes();
      AtomicInteger done = new AtomicInteger();
      Queue<String> referrals = new ConcurrentLinkedQueue<>();
      List<Future<?>> writers = load(writes, () -> gp, patient, 4, 40, done, referrals);
      await(() -> done.get() >= 50);
      server.kill();
      server.restart();
      join(writers);
      // Every committed referral's Task is notified once, its versions in order.
      await(
          () -> referrals.stream().allMatch(r -> !receiver.receivedFor("referral-" + r).isEmpty()));
      Thread.sleep(5000);
      long wrong =
          referrals.stream()
              .filter(r -> !onceInOrder(receiver.receivedFor("referral-" + r)))
              .count();
      if (wrong > 0) {
        failures.add("kill: " + wrong + " referrals' Tasks not notified once in order");
      }
      record(
          "kill -9 mid-load, restart ("
              + referrals.size()
              + " referrals notified, "
              + wrong
              + " not once in order)",
          writes,
          gp);
    }
  }

  /**
   * A graceful stop (SIGTERM, as a rolling deploy sends) mid-load and mid-population-run: a
   * transaction Bundle in flight is answered and stored; the process exits within the grace period;
   * no scheduled execution is left picked (another replica could take it at once); after the
   * restart every acknowledged write is there once and the run completes.
   */
  private void stop(ServerProcess server, Gp gp, String patient) throws Exception {
    // A population large enough that its run (chunks of 10) is still going at the stop.
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> loaded =
          HTTP.send(
              asGp(gp, "")
                  .header("Content-Type", "application/fhir+json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          patientsBundle("stop-population-" + i, 300)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (loaded.statusCode() != 200) {
        throw new IllegalStateException("population Bundle answered " + loaded.statusCode());
      }
    }
    String run = startPopulationRun(gp);
    await(() -> progress(gp, run).matches("running: [1-9].*|complete.*"));
    Writes writes = new Writes();
    AtomicInteger done = new AtomicInteger();
    List<Future<?>> writers = load(writes, () -> gp, patient, 4, 40, done);
    await(() -> done.get() >= 20);
    String marker = "stop-" + java.util.UUID.randomUUID();
    ExecutorService sender = Executors.newSingleThreadExecutor();
    Future<HttpResponse<String>> inFlight =
        sender.submit(
            () ->
                HTTP.send(
                    asGp(gp, "")
                        .header("Content-Type", "application/fhir+json")
                        .timeout(Duration.ofSeconds(120))
                        .POST(HttpRequest.BodyPublishers.ofString(patientsBundle(marker, 300)))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()));
    Thread.sleep(1000);
    String runAtStop = progress(gp, run);
    long stopping = System.nanoTime();
    server.stop(Duration.ofSeconds(90));
    double stopSeconds = (System.nanoTime() - stopping) / 1e9;
    int leftPicked = pickedExecutions();
    String answered;
    try {
      answered = Integer.toString(inFlight.get().statusCode());
    } catch (java.util.concurrent.ExecutionException failed) {
      answered = failed.getCause().getClass().getSimpleName();
    }
    sender.shutdown();
    server.restart();
    join(writers);
    await(() -> progress(gp, run).startsWith("complete"));
    int stored = countPatients(gp, marker);
    if (!"200".equals(answered) || stored != 300) {
      failures.add(
          "stop: the transaction in flight answered "
              + answered
              + ", "
              + stored
              + " of 300 stored");
    }
    if (stopSeconds > 35) {
      failures.add(
          String.format(Locale.ROOT, "stop: took %.1f s (grace period 30 s)", stopSeconds));
    }
    if (!runAtStop.startsWith("running")) {
      failures.add("stop: the population run was not running at the stop (" + runAtStop + ")");
    }
    if (leftPicked > 0) {
      failures.add(
          "stop: " + leftPicked + " scheduled executions left picked by the stopped server");
    }
    record(
        String.format(
            Locale.ROOT,
            "graceful stop (SIGTERM) mid-load, population run at '%s': exited in %.1f s; a"
                + " 300-patient transaction in flight answered %s, %d stored; %d scheduled"
                + " executions left picked; the run then completed",
            runAtStop,
            stopSeconds,
            answered,
            stored,
            leftPicked),
        writes,
        gp);
  }

  /** A transaction Bundle creating {@code n} patients, each identified by the marker. */
  private static String patientsBundle(String marker, int n) {
    StringBuilder bundle =
        new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        bundle.append(',');
      }
      bundle
          .append("{\"resource\":{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"")
          .append(Writes.IDENTIFIER)
          .append("\",\"value\":\"")
          .append(marker)
          .append("\"}],\"birthDate\":\"1950-01-01\",\"generalPractitioner\":[{\"reference\":")
          .append("\"Organization/demo-practice-1\"}]},\"request\":{\"method\":\"POST\",")
          .append("\"url\":\"Patient\"}}");
    }
    return bundle.append("]}").toString();
  }

  /** Patients carrying the marker, counted over every page. */
  private static int countPatients(Gp gp, String marker) throws Exception {
    int count = 0;
    JsonNode page =
        get(gp, "Patient?identifier=" + Writes.IDENTIFIER + "%7C" + marker + "&_count=200");
    while (true) {
      count += page.path("entry").size();
      String next = null;
      for (JsonNode link : page.path("link")) {
        if ("next".equals(link.path("relation").asText())) {
          next = link.path("url").asText();
        }
      }
      if (next == null) {
        return count;
      }
      page =
          JSON.readTree(
              HTTP.send(
                      HttpRequest.newBuilder(URI.create(next))
                          .header("Authorization", "Bearer " + gp.token())
                          .GET()
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
    }
  }

  /** db-scheduler executions marked picked (by a running or a stopped server). */
  private int pickedExecutions() throws Exception {
    try (Connection connection = postgres.getDatabase("postgres", "carepath").getConnection();
        Statement query = connection.createStatement();
        java.sql.ResultSet found =
            query.executeQuery("select count(*) from scheduled_tasks where picked")) {
      found.next();
      return found.getInt(1);
    }
  }

  /**
   * Twenty clients completing, declining, holding and reassigning the same steps with {@code
   * If-Match} (as {@code ConcurrentEditsIT}, against the suite's server): no lost update, every
   * refusal a 409/412/422 with a reason, the plan's activities as their Tasks say.
   */
  private void edits(ServerProcess server) throws Exception {
    String token = Tokens.passwordGrant(server.tokenEndpoint(), "care-coordinator");
    Supplier<io.restassured.specification.RequestSpecification> coordinator =
        () ->
            io.restassured.RestAssured.given()
                .baseUri(server.fhirBase())
                .auth()
                .oauth2(token)
                .contentType("application/fhir+json")
                .accept("application/fhir+json");
    String patient =
        coordinator
            .get()
            .body(Writes.patient().body())
            .post("/Patient")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    io.restassured.path.json.JsonPath enrolment =
        coordinator
            .get()
            .body(
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"pathway\","
                    + "\"valueString\":\"care-homes\"},{\"name\":\"setting\",\"valueReference\":"
                    + "{\"reference\":\"Organization/demo-care-home-1\"}}]}")
            .post("/Patient/" + patient + "/$enrol")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    String plan = enrolment.getString("parameter.find { it.name == 'carePlan' }.resource.id");
    List<String> steps = ConcurrentEdits.readySteps(enrolment);
    ConcurrentEdits.Outcome outcome =
        new ConcurrentEdits(coordinator, "Organization/demo-practice-1").run(plan, steps, 20, 3);
    int lost = outcome.lostUpdates().size() + outcome.versionsMissing().size();
    if (lost > 0
        || outcome.unexpected() > 0
        || outcome.accepted() == 0
        || !outcome.refusalsWithoutReason().isEmpty()
        || !outcome.activitiesDisagreeing().isEmpty()) {
      failures.add("edits: " + outcome);
    }
    rows.add(
        String.format(
            Locale.ROOT,
            "| concurrent edits: 20 clients × 3 If-Match writes on %d steps (%d refusals without a"
                + " reason, %d plan activities disagreeing with their Task) | %d | %d | %d | 0 | %d"
                + " | %s (%d) |",
            steps.size(),
            outcome.refusalsWithoutReason().size(),
            outcome.activitiesDisagreeing().size(),
            outcome.attempts(),
            outcome.accepted(),
            outcome.accepted() - lost,
            lost,
            outcome.byStatus(),
            outcome.attempts()));
    System.err.println("done: " + rows.get(rows.size() - 1));
  }

  /** Each version once, starting at 1, in increasing order. */
  private static boolean onceInOrder(List<String> versions) {
    int previous = 0;
    for (String version : versions) {
      int n = Integer.parseInt(version.substring(version.lastIndexOf('/') + 1));
      if (n <= previous || (previous == 0 && n != 1)) {
        return false;
      }
      previous = n;
    }
    return !versions.isEmpty();
  }

  private void outage(Gp gp, String patient, int seconds) throws Exception {
    Writes writes = new Writes();
    AtomicInteger done = new AtomicInteger();
    List<Future<?>> writers = load(writes, () -> gp, patient, 4, 40, done);
    await(() -> done.get() >= 40);
    postgres.close();
    Thread.sleep(seconds * 1000L);
    startPostgres();
    join(writers);
    double slowest =
        writes.outageAnswerSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    if (slowest > 10) {
      failures.add(String.format(Locale.ROOT, "outage: a 503 took %.1f s (not prompt)", slowest));
    }
    if (writes.statuses.containsKey("HttpTimeoutException")) {
      failures.add(
          "outage: "
              + writes.statuses.get("HttpTimeoutException")
              + " requests hung past the client's 15 s timeout instead of a prompt 503");
    }
    if (writes.statuses.containsKey("500")) {
      failures.add(
          "outage: " + writes.statuses.get("500") + " requests answered 500 (not 503) meanwhile");
    }
    if (!writes.statuses.containsKey("503")) {
      failures.add("outage: no request was answered 503 while PostgreSQL was down");
    }
    record(
        String.format(
            Locale.ROOT, "PostgreSQL down %d s (slowest 503 %.1f s; no restart)", seconds, slowest),
        writes,
        gp);
  }

  private void receiver(ServerProcess server, Gp gp, String patient, int downSeconds)
      throws Exception {
    try (Receiver down = new Receiver();
        Receiver failing = new Receiver();
        Receiver hanging = new Receiver();
        Receiver healthy = new Receiver()) {
      List<Receiver> troubled = List.of(down, failing, hanging);
      for (Receiver receiver : List.of(down, failing, hanging, healthy)) {
        post(
            gp,
            "Subscription",
            receiver.subscription("Task?requester=Organization/demo-practice-1"));
      }
      down.down();
      failing.misbehave(Receiver.Mode.FAILING);
      hanging.misbehave(Receiver.Mode.HANGING);
      Writes writes = new Writes();
      List<String> tasks = new ArrayList<>();
      Instant downSince = Instant.now();
      for (int i = 0; i < 20; i++) {
        tasks.add("referral-" + writes.send(Writes.referral(patient), () -> gp, PATIENCE));
      }
      // The service accepts five of them meanwhile: a second version each, to arrive in order.
      String nurse = Tokens.passwordGrant(server.tokenEndpoint(), "community-nurse");
      for (String task : tasks.subList(0, 5)) {
        accept(gp.fhirBase(), nurse, task);
      }
      // The healthy receiver is not held up by the others.
      await(() -> tasks.stream().allMatch(t -> !healthy.receivedFor(t).isEmpty()));
      Duration healthyLag =
          tasks.stream()
              .map(t -> healthy.firstSeen(t + "/1"))
              .filter(java.util.Objects::nonNull)
              .map(seen -> Duration.between(downSince, seen))
              .max(Duration::compareTo)
              .orElse(Duration.ZERO);
      long left = downSeconds * 1000L - Duration.between(downSince, Instant.now()).toMillis();
      if (left > 0) {
        Thread.sleep(left);
      }
      for (Receiver receiver : troubled) {
        receiver.up();
      }
      await(
          () ->
              troubled.stream()
                  .allMatch(
                      r ->
                          tasks.stream()
                              .allMatch(
                                  t -> r.receivedFor(t).size() == healthy.receivedFor(t).size())));
      Thread.sleep(5000);
      long wrong = 0;
      for (Receiver receiver : List.of(down, failing, hanging, healthy)) {
        wrong += tasks.stream().filter(t -> !onceInOrder(receiver.receivedFor(t))).count();
      }
      if (wrong > 0) {
        failures.add("receiver: " + wrong + " Task deliveries not once in order");
      }
      record(
          String.format(
              Locale.ROOT,
              "receivers down / answering 500 / hanging for %d s (the healthy one served within"
                  + " %d s; backlogs drained, %d not once in order)",
              downSeconds,
              healthyLag.toSeconds(),
              wrong),
          writes,
          gp);
    }
  }

  /** The service accepts the referral: the Task's next version. */
  private static void accept(String fhirBase, String token, String taskId) throws Exception {
    JsonNode task =
        JSON.readTree(
            HTTP.send(
                    HttpRequest.newBuilder(URI.create(fhirBase + "/Task/" + taskId))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    ((com.fasterxml.jackson.databind.node.ObjectNode) task).put("status", "accepted");
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(fhirBase + "/Task/" + taskId))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .header("If-Match", "W/\"" + task.path("meta").path("versionId").asText() + "\"")
                .PUT(HttpRequest.BodyPublishers.ofString(task.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Accepting " + taskId + ": " + response.statusCode() + " " + response.body());
    }
  }

  private void replicas(ServerProcess first, Gp gp, String patient) throws Exception {
    try (ServerProcess second =
        ServerProcess.start("fault-suite-replica", jdbcUrl(), SMALL_CHUNKS)) {
      Gp secondGp = new Gp(second);
      AtomicInteger turn = new AtomicInteger();
      Supplier<Writes.Target> roundRobin = () -> turn.getAndIncrement() % 2 == 0 ? gp : secondGp;
      Writes writes = new Writes();
      // The same referral to both replicas at once, ten times.
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> same = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Writes.Write referral = Writes.referral(patient);
        same.add(pool.submit(() -> writes.send(referral, () -> gp, PATIENCE)));
        same.add(pool.submit(() -> writes.send(referral, () -> secondGp, PATIENCE)));
      }
      join(same);
      pool.shutdown();
      // A population run shared by both replicas (small chunks), the second replica killed as
      // soon as the run is under way: the run completes on the first.
      String run = startPopulationRun(gp);
      // Killed once chunks are being scored (or at once, should the run already be complete).
      await(
          () -> {
            String now = progress(gp, run);
            return now.matches("running: [1-9].*") || now.startsWith("complete");
          });
      String atKill = progress(gp, run);
      second.kill();
      await(() -> progress(gp, run).startsWith("complete"));
      String finished = "killed at '" + atKill + "', then complete";
      // Then a load round robin over both: what meets the dead replica is retried on the next.
      AtomicInteger done = new AtomicInteger();
      join(load(writes, roundRobin, patient, 4, 30, done));
      record(
          "two replicas (same referral to both; population run " + finished + ")",
          dedupe(writes),
          gp);
    }
  }

  private void soak(ServerProcess server, Gp gp, String patient, int minutes) throws Exception {
    Writes writes = new Writes();
    List<Double> firstMinute = new ArrayList<>();
    List<Double> lastMinute = new ArrayList<>();
    List<Double> readsFirst = new ArrayList<>();
    List<Double> readsLast = new ArrayList<>();
    double[] startMemory = memory(server);
    long logStart = Files.size(server.log());
    int readsRefused = 0;
    Instant end = Instant.now().plus(Duration.ofMinutes(minutes));
    Instant firstEnds = Instant.now().plus(Duration.ofMinutes(1));
    NoisyClient noisy =
        new NoisyClient(
            server.fhirBase(),
            () -> Tokens.clientCredentials(server.tokenEndpoint(), NOISY_CLIENT),
            NOISY_THREADS);
    while (Instant.now().isBefore(end)) {
      boolean first = Instant.now().isBefore(firstEnds);
      boolean last = Duration.between(Instant.now(), end).toSeconds() < 60;
      long t = System.nanoTime();
      String id = writes.send(Writes.referral(patient), () -> gp, PATIENCE);
      double write = (System.nanoTime() - t) / 1e6;
      t = System.nanoTime();
      if (!"Bundle"
          .equals(get(gp, "Task?focus=ServiceRequest/" + id).path("resourceType").asText())) {
        readsRefused++;
      }
      double read = (System.nanoTime() - t) / 1e6;
      if (first) {
        firstMinute.add(write);
        readsFirst.add(read);
      }
      if (last) {
        lastMinute.add(write);
        readsLast.add(read);
      }
      Thread.sleep(100);
    }
    noisy.close();
    double[] endMemory = memory(server);
    rateLimitHeld(noisy, writes, minutes);
    if (readsRefused > 0) {
      failures.add("soak: " + readsRefused + " of the well-behaved GP's Task searches failed");
    }
    List<String> errors = errorsLogged(server.log(), logStart);
    if (!errors.isEmpty()) {
      failures.add(
          "soak: "
              + errors.size()
              + " ERROR lines in the server's log, the first: "
              + errors.get(0));
    }
    record(
        String.format(
            Locale.ROOT,
            "soak %d min: referral p95 %.0f → %.0f ms, Task search p95 %.0f → %.0f ms; heap %.0f →"
                + " %.0f MB, pool active %.0f → %.0f; %d errors logged; beside it a GP system"
                + " searching on %d threads, %s: %s, served %.1f/s",
            minutes,
            p95(firstMinute),
            p95(lastMinute),
            p95(readsFirst),
            p95(readsLast),
            startMemory[0],
            endMemory[0],
            startMemory[1],
            endMemory[1],
            errors.size(),
            NOISY_THREADS,
            NOISY_LIMIT == 0 ? "not limited" : "limited to " + NOISY_LIMIT + "/s",
            noisy.statusCounts(),
            noisy.servedPerSecond()),
        writes,
        gp);
  }

  /**
   * The misbehaving GP system was held to its limit (refused with 429, served at about its rate)
   * and the well-behaved GP was never refused.
   */
  private void rateLimitHeld(NoisyClient noisy, Writes writes, int minutes) {
    if (NOISY_LIMIT == 0 || NOISY_THREADS == 0) {
      return;
    }
    if (noisy.answered(429) == 0) {
      failures.add("soak: the misbehaving GP system was never refused (429)");
    }
    // Its rate, plus the burst spread over the soak, plus what two write-backs a second may let by.
    double allowed = NOISY_LIMIT * 1.1 + 2.0 * NOISY_LIMIT / (minutes * 60.0) + 10;
    if (noisy.servedPerSecond() > allowed) {
      failures.add(
          String.format(
              Locale.ROOT,
              "soak: the misbehaving GP system was served %.1f a second, above its limit of %d",
              noisy.servedPerSecond(),
              NOISY_LIMIT));
    }
    if (writes.statuses.containsKey("429")) {
      failures.add(
          "soak: the well-behaved GP was refused "
              + writes.statuses.get("429")
              + " times (429) while another client was over its limit");
    }
  }

  /** The server's log lines at level ERROR written after byte {@code from}. */
  private static List<String> errorsLogged(Path log, long from) throws IOException {
    byte[] all = Files.readAllBytes(log);
    int start = (int) Math.min(from, all.length);
    String since = new String(all, start, all.length - start, StandardCharsets.UTF_8);
    return since.lines().filter(line -> line.matches("^\\S+\\s+ERROR\\s.*")).toList();
  }

  /** Starts a whole-population stratification run; answers its id. */
  private static String startPopulationRun(Gp gp) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            asGp(gp, "/$stratify")
                .header("Content-Type", "application/fhir+json")
                .header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Parameters\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String location = response.headers().firstValue("Content-Location").orElseThrow();
    return location.substring(location.indexOf("run=") + 4);
  }

  /** "running: N of M patients" while it runs, "complete: M patients" once done. */
  private static String progress(Gp gp, String run) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              asGp(gp, "/$stratify-status?run=" + run).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 202) {
        return "running: " + response.headers().firstValue("X-Progress").orElse("");
      }
      if (response.statusCode() == 200) {
        return "complete";
      }
      return "status " + response.statusCode();
    } catch (Exception unreachable) {
      return "unreachable";
    }
  }

  // ---- helpers ----

  /** A request to the server's FHIR API ({@code path} from the base) as the GP system. */
  private static HttpRequest.Builder asGp(Gp gp, String path) {
    return HttpRequest.newBuilder(URI.create(gp.fhirBase() + path))
        .header("Authorization", "Bearer " + gp.token());
  }

  private static Writes dedupe(Writes writes) {
    Writes unique = new Writes();
    writes.sent.stream().distinct().forEach(unique.sent::add);
    unique.acknowledged.set(writes.acknowledged.get());
    unique.attempts.set(writes.attempts.get());
    unique.statuses.putAll(writes.statuses);
    return unique;
  }

  private static List<Future<?>> load(
      Writes writes,
      Supplier<? extends Writes.Target> targets,
      String patient,
      int writers,
      int each,
      AtomicInteger done) {
    return load(writes, targets, patient, writers, each, done, new ConcurrentLinkedQueue<>());
  }

  private static List<Future<?>> load(
      Writes writes,
      Supplier<? extends Writes.Target> targets,
      String patient,
      int writers,
      int each,
      AtomicInteger done,
      Queue<String> referrals) {
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < each; i++) {
                  Writes.Write write = i % 2 == 0 ? Writes.patient() : Writes.referral(patient);
                  String id = writes.send(write, targets::get, PATIENCE);
                  if (write.kind().equals("ServiceRequest")) {
                    referrals.add(id);
                  }
                  done.incrementAndGet();
                }
                return null;
              }));
    }
    pool.shutdown();
    return futures;
  }

  private void record(String fault, Writes writes, Gp gp) throws Exception {
    int[] counts = writes.verify(gp);
    int lost = counts[0];
    int duplicated = counts[1];
    if (lost > 0 || duplicated > 0) {
      failures.add(fault + ": " + lost + " lost, " + duplicated + " duplicated");
    }
    rows.add(
        String.format(
            Locale.ROOT,
            "| %s | %d | %d | %d | %d | %d | %s (%d) |",
            fault,
            writes.sent.size(),
            writes.acknowledged.get(),
            counts[2],
            duplicated,
            lost,
            writes.statusCounts(),
            writes.attempts.get()));
    System.err.println("done: " + rows.get(rows.size() - 1));
  }

  private static void join(List<Future<?>> futures) throws Exception {
    for (Future<?> future : futures) {
      future.get();
    }
  }

  private static void await(java.util.function.BooleanSupplier condition) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("Waited " + PATIENCE + " in vain");
      }
      Thread.sleep(100);
    }
  }

  private static void post(Gp gp, String type, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            asGp(gp, "/" + type)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          type + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static JsonNode get(Gp gp, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(asGp(gp, "/" + path).GET().build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  /** Heap used (MB) and active pool connections, from the server's Prometheus endpoint. */
  private static double[] memory(ServerProcess server) throws Exception {
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(
                        URI.create(server.fhirBase().replace("/fhir", "/actuator/prometheus")))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double heap = 0;
    double active = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
        heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) / 1e6;
      } else if (line.startsWith("hikaricp_connections_active")) {
        active += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return new double[] {heap, active};
  }

  private static double p95(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compareTo);
    return sorted.get(Math.max(0, (int) Math.ceil(0.95 * sorted.size()) - 1));
  }

  private void startPostgres() throws Exception {
    if (postgresDir == null) {
      postgresDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "fault-pg-");
      try (ServerSocket socket = new ServerSocket(0)) {
        postgresPort = socket.getLocalPort();
      }
      postgres = builder().start();
      try (Connection admin = postgres.getPostgresDatabase().getConnection();
          Statement create = admin.createStatement()) {
        create.execute("create database carepath");
      }
    } else {
      postgres = builder().start();
    }
  }

  private EmbeddedPostgres.Builder builder() {
    // Never a clean data directory: a clean one is deleted when PostgreSQL stops (the outage).
    return EmbeddedPostgres.builder()
        .setDataDirectory(postgresDir)
        .setCleanDataDirectory(false)
        .setPort(postgresPort)
        .setServerConfig("max_connections", "200");
  }

  private String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "carepath");
  }
}
