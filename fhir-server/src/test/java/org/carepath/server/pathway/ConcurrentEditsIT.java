package org.carepath.server.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Twenty clients at once completing, declining, holding and reassigning the same steps, each with
 * {@code If-Match} on the version it read (the fault suite's concurrent-edit case, short): no lost
 * update — every accepted write is exactly one new version, every refusal a 412, 409 or 422 with a
 * reason, never a 5xx — and afterwards the pathway CarePlan's activities say what their Tasks say.
 */
class ConcurrentEditsIT extends PathwayCalls {

  private static final Map<String, String> ACTIVITY_FOR_TASK =
      Map.of(
          "draft", "not-started",
          "ready", "scheduled",
          "in-progress", "in-progress",
          "on-hold", "on-hold",
          "completed", "completed",
          "cancelled", "cancelled",
          "rejected", "stopped");

  @Test
  void twentyClientsEditingTheSameStepsLoseNoUpdate() throws Exception {
    String patient = patient("1938-03-03");
    JsonPath enrolment =
        enrol(patient, "care-homes", "Organization/demo-care-home-1", "2026-11-20T10:00:00Z");
    String plan = enrolment.getString("parameter.find { it.name == 'carePlan' }.resource.id");
    List<String> steps =
        enrolment.getList(
            "parameter.findAll { it.name == 'task' && it.resource.status == 'ready' }.resource.id",
            String.class);
    assertThat(steps).as("open steps to fight over").hasSizeGreaterThanOrEqualTo(2);
    Map<String, Integer> firstVersion = new HashMap<>();
    for (String step : steps) {
      firstVersion.put(step, version(read(step)));
    }

    Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    List<String> refusalsWithoutReason = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> lostUpdates = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.Set<String> versionsWritten = ConcurrentHashMap.newKeySet();
    ExecutorService clients = Executors.newFixedThreadPool(20);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int client = 0; client < 20; client++) {
        done.add(
            clients.submit(
                () -> {
                  for (int attempt = 0; attempt < 3; attempt++) {
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
      clients.shutdown();
    }

    System.out.println("Concurrent edits, answers by status: " + byStatus);
    assertThat(byStatus.keySet()).as("answers given").isSubsetOf(200, 409, 412, 422);
    assertThat(byStatus.getOrDefault(200, new AtomicInteger()).get()).isPositive();
    assertThat(refusalsWithoutReason).isEmpty();
    assertThat(lostUpdates).as("writes accepted on a version someone else had replaced").isEmpty();
    for (String step : steps) {
      int writes = accepted.getOrDefault(step, new AtomicInteger()).get();
      assertThat(version(read(step)) - firstVersion.get(step))
          .as("Task/%s: each accepted change is one new version, none lost", step)
          .isGreaterThanOrEqualTo(writes);
    }
    // The plan's activities say what their Tasks say.
    JsonPath carePlan =
        as(CARER).get("/CarePlan/" + plan).then().statusCode(200).extract().jsonPath();
    List<Map<String, Object>> activities = carePlan.getList("activity");
    for (Map<String, Object> activity : activities) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> outcomes =
          (List<Map<String, Object>>) activity.get("outcomeReference");
      if (outcomes == null || outcomes.isEmpty()) {
        continue;
      }
      String taskId = ((String) outcomes.get(0).get("reference")).substring("Task/".length());
      @SuppressWarnings("unchecked")
      String activityStatus = (String) ((Map<String, Object>) activity.get("detail")).get("status");
      assertThat(activityStatus)
          .as("activity for Task/%s", taskId)
          .isEqualTo(ACTIVITY_FOR_TASK.get((String) read(taskId).get("status")));
    }
  }

  private Map<String, Object> read(String step) {
    return as(CARER).get("/Task/" + step).then().statusCode(200).extract().jsonPath().getMap("");
  }

  private static int version(Map<String, Object> task) {
    return Integer.parseInt((String) ((Map<?, ?>) task.get("meta")).get("versionId"));
  }

  /** One of: complete, decline with a reason, hold with a reason, reassign to the practice. */
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
      default -> next.put("owner", Map.of("reference", PRACTICE));
    }
    return as(CARER)
        .header("If-Match", ifMatch)
        .body(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(next).toString())
        .put("/Task/" + task.get("id"));
  }
}
