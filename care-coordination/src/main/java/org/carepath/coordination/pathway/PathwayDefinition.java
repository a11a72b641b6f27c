package org.carepath.coordination.pathway;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A care pathway as its definition (a PlanDefinition) says: its code, canonical URL, the named
 * enrolment policy it needs beyond the common one, and its steps. Checked when built: step codes
 * are unique, prerequisites exist and there is no cycle.
 */
public record PathwayDefinition(
    String code,
    String url,
    String version,
    String title,
    Optional<String> enrolmentPolicy,
    List<StepDefinition> steps) {

  public PathwayDefinition {
    steps = List.copyOf(steps);
    Map<String, StepDefinition> byCode = new HashMap<>();
    for (StepDefinition step : steps) {
      if (byCode.put(step.code(), step) != null) {
        throw new IllegalArgumentException(code + ": step " + step.code() + " is defined twice");
      }
    }
    for (StepDefinition step : steps) {
      for (String prerequisite : step.after()) {
        if (!byCode.containsKey(prerequisite)) {
          throw new IllegalArgumentException(
              code + ": step " + step.code() + " waits for unknown step " + prerequisite);
        }
      }
    }
    for (StepDefinition step : steps) {
      requireNoCycle(code, step, byCode, new HashSet<>());
    }
  }

  public Optional<StepDefinition> step(String stepCode) {
    return steps.stream().filter(step -> step.code().equals(stepCode)).findFirst();
  }

  /** Whether a step of this pathway is opened by the named event. */
  public boolean listensTo(String event) {
    return steps.stream().anyMatch(step -> step.event().filter(event::equals).isPresent());
  }

  public StepDefinition requireStep(String stepCode) {
    return step(stepCode)
        .orElseThrow(() -> new IllegalArgumentException(code + " has no step " + stepCode));
  }

  private static void requireNoCycle(
      String pathway, StepDefinition step, Map<String, StepDefinition> byCode, Set<String> path) {
    if (!path.add(step.code())) {
      throw new IllegalArgumentException(pathway + ": steps wait for each other: " + path);
    }
    for (String prerequisite : step.after()) {
      requireNoCycle(pathway, byCode.get(prerequisite), byCode, path);
    }
    path.remove(step.code());
  }
}
