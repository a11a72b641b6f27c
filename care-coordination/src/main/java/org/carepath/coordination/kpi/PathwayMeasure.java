package org.carepath.coordination.kpi;

import java.util.List;
import java.util.Optional;

/**
 * A pathway KPI as published (a Measure): which rule counts it, over which pathway, steps and
 * outcome.
 *
 * @param id the Measure's id
 * @param canonical its canonical URL with version ({@code url|version})
 */
public record PathwayMeasure(
    String id,
    String canonical,
    String title,
    MeasureRule rule,
    String pathway,
    List<String> steps,
    Optional<String> outcome) {

  public PathwayMeasure {
    steps = List.copyOf(steps);
    String problem =
        switch (rule) {
          case STEP_ON_TIME -> steps.size() == 1 ? null : "names exactly one step";
          case STEP_OUTCOME ->
              steps.size() == 1 && outcome.isPresent() ? null : "names one step and an outcome";
          case STEPS_COMPLETED -> steps.isEmpty() ? "names at least one step" : null;
          case DIED_IN_PREFERRED_PLACE -> steps.isEmpty() ? null : "names no steps";
        };
    if (problem != null) {
      throw new InvalidMeasureException(
          "Measure/" + id + " (rule " + rule.code() + ") must be a measure that " + problem);
    }
  }

  /** A Measure that does not say what its rule needs. */
  public static final class InvalidMeasureException extends RuntimeException {
    public InvalidMeasureException(String message) {
      super(message);
    }
  }
}
