package org.carepath.server.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Clients at once completing, declining, holding and reassigning the same pathway steps, each with
 * {@code If-Match} on the version it read — the fault suite's {@code edits} fault and {@code
 * ConcurrentEditsIT}. What it finds: the answers by status, refusals without a reason, lost updates
 * (a write accepted on a version someone else had replaced), steps with fewer new versions than
 * accepted changes, and plan activities that do not say what their Tasks say.
 */
public final class ConcurrentEdits {

  private static final Map<String, String> ACTIVITY_FOR_TASK =
      Map.of(
          "draft", "not-started",
          "ready", "scheduled",
          "in-progress", "in-progress",
          "on-hold", "on-hold",
          "completed", "completed",
          "cancelled", "cancelled",
          "rejected", "stopped");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<RequestSpecification> coordinator;
  private final String reassignTo;

  /**
   * @param coordinator a request as the user who works the steps
   * @param reassignTo the organisation a reassignment names ({@code Organization/…})
   */
  public ConcurrentEdits(Supplier<RequestSpecification> coordinator, String reassignTo) {
    this.coordinator = coordinator;
    this.reassignTo = reassignTo;
  }

  /** What the clients got and what the steps and the plan say afterwards. */
  public record Outcome(
      Map<Integer, Integer> byStatus,
      int attempts,
      List<String> refusalsWithoutReason,
      List<String> lostUpdates,
      List<String> versionsMissing,
      List<String> activitiesDisagreeing) {

    public int accepted() {
      return byStatus.getOrDefault(200, 0);
    }

    /** Answers other than 200 / 409 / 412 / 422 (a 5xx, a timeout). */
    public int unexpected() {
      return byStatus.entrySet().stream()
          .filter(e -> !Set.of(200, 409, 412, 422).contains(e.getKey()))
          .mapToInt(Map.Entry::getValue)
          .sum();
    }
  }

  /** The open steps of an enrolment answered by {@code $enrol}: the ones to fight over. */
  public static List<String> readySteps(JsonPath enrolment) {
    return enrolment.getList(
        "parameter.findAll { it.name == 'task' && it.resource.status == 'ready' }.resource.id",
        String.class);
  }

  public Outcome run(String plan, List<String> steps, int clients, int writesEach)
      throws Exception {
    Map<String, Integer> firstVersion = new HashMap<>();
    for (String step : steps) {
      firstVersion.put(step, version(read(step)));
    }
    Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    List<String> refusalsWithoutReason = Collections.synchronizedList(new ArrayList<>());
    List<String> lostUpdates = Collections.synchronizedList(new ArrayList<>());
    Set<String> versionsWritten = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int client = 0; client < clients; client++) {
        done.add(
            pool.submit(
                () -> {
                  for (int attempt = 0; attempt < writesEach; attempt++) {
                    String step = steps.get(ThreadLocalRandom.current().nextInt(steps.size()));
                    Map<String, Object> task = read(step);
                    Response answer = write(task, ThreadLocalRandom.current().nextInt(4));
                    byStatus
                        .computeIfAbsent(answer.statusCode(), s -> new AtomicInteger())
                        .incrementAndGet();
                    if (answer.statusCode() == 200) {
                      // Accepted on the version it read: the very next version, which no other
                      // accepted write also produced — or, when it changed nothing (a step
                      // reassigned to the owner it has), that same version.
                      int read = version(task);
                      String written = answer.jsonPath().getString("meta.versionId");
                      boolean next =
                          String.valueOf(read + 1).equals(written)
                              && versionsWritten.add(step + "/" + written);
                      if (next) {
                        accepted.computeIfAbsent(step, s -> new AtomicInteger()).incrementAndGet();
                      } else if (!String.valueOf(read).equals(written)) {
                        lostUpdates.add(step + " read v" + read + ", wrote v" + written);
                      }
                    } else if (answer.jsonPath().getString("issue[0].diagnostics") == null) {
                      refusalsWithoutReason.add(step + " " + answer.statusCode());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> client : done) {
        client.get();
      }
    } finally {
      pool.shutdown();
    }
    List<String> versionsMissing = new ArrayList<>();
    for (String step : steps) {
      int writes = accepted.getOrDefault(step, new AtomicInteger()).get();
      int versions = version(read(step)) - firstVersion.get(step);
      if (versions < writes) {
        versionsMissing.add("Task/" + step + ": " + writes + " changes, " + versions + " versions");
      }
    }
    Map<Integer, Integer> statuses = new TreeMap<>();
    byStatus.forEach((status, n) -> statuses.put(status, n.get()));
    return new Outcome(
        statuses,
        clients * writesEach,
        List.copyOf(refusalsWithoutReason),
        List.copyOf(lostUpdates),
        versionsMissing,
        activitiesDisagreeing(plan));
  }

  /** The plan's activities whose status is not what their Task's status says. */
  private List<String> activitiesDisagreeing(String plan) {
    JsonPath carePlan =
        coordinator.get().get("/CarePlan/" + plan).then().statusCode(200).extract().jsonPath();
    List<String> disagreeing = new ArrayList<>();
    for (Map<String, Object> activity : carePlan.<Map<String, Object>>getList("activity")) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> outcomes =
          (List<Map<String, Object>>) activity.get("outcomeReference");
      if (outcomes == null || outcomes.isEmpty()) {
        continue;
      }
      String taskId = ((String) outcomes.get(0).get("reference")).substring("Task/".length());
      @SuppressWarnings("unchecked")
      String activityStatus = (String) ((Map<String, Object>) activity.get("detail")).get("status");
      String expected = ACTIVITY_FOR_TASK.get((String) read(taskId).get("status"));
      if (!expected.equals(activityStatus)) {
        disagreeing.add(
            "Task/" + taskId + ": activity " + activityStatus + ", expected " + expected);
      }
    }
    return disagreeing;
  }

  private Map<String, Object> read(String step) {
    return coordinator
        .get()
        .get("/Task/" + step)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getMap("");
  }

  private static int version(Map<String, Object> task) {
    return Integer.parseInt((String) ((Map<?, ?>) task.get("meta")).get("versionId"));
  }

  /** One of: complete, decline with a reason, hold with a reason, reassign. */
  private Response write(Map<String, Object> task, int kind) {
    Map<String, Object> next = new LinkedHashMap<>(task);
    String ifMatch = "W/\"" + version(task) + "\"";
    next.remove("meta");
    switch (kind) {
      case 0 -> next.put("status", "completed");
      case 1 -> {
        next.put("status", "rejected");
        next.put("statusReason", Map.of("text", "Declined in a concurrent-edit test"));
      }
      case 2 -> {
        next.put("status", "on-hold");
        next.put("statusReason", Map.of("text", "Held in a concurrent-edit test"));
      }
      default -> next.put("owner", Map.of("reference", reassignTo));
    }
    return coordinator
        .get()
        .header("If-Match", ifMatch)
        .body(JSON.valueToTree(next).toString())
        .put("/Task/" + task.get("id"));
  }
}
