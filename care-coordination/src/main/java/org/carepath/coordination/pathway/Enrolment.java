package org.carepath.coordination.pathway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A patient's enrolment in one pathway: when it started, whether it is still running, and every
 * step occurrence so far (a step that comes round again has several).
 *
 * @param id the stored record's id (the CarePlan's), empty until stored
 * @param endReason why it ended, when it ended other than by completing
 */
public record Enrolment(
    Optional<String> id,
    String patient,
    String pathway,
    Instant start,
    EnrolmentStatus status,
    Optional<String> endReason,
    List<Step> steps) {

  /** Whether the enrolment runs. */
  public enum EnrolmentStatus {
    ACTIVE,
    /** Every step ended. */
    COMPLETED,
    /** Ended early: the patient died, moved away or declined. */
    ENDED
  }

  public Enrolment {
    steps = List.copyOf(steps);
  }

  /** The latest occurrence of a step. */
  public Optional<Step> latest(String code) {
    Step found = null;
    for (Step step : steps) {
      if (step.code().equals(code)) {
        found = step;
      }
    }
    return Optional.ofNullable(found);
  }

  public Optional<Step> stepWithId(String stepId) {
    return steps.stream().filter(step -> step.id().equals(Optional.of(stepId))).findFirst();
  }

  public boolean isActive() {
    return status == EnrolmentStatus.ACTIVE;
  }

  public Enrolment withId(String storedId) {
    return new Enrolment(Optional.of(storedId), patient, pathway, start, status, endReason, steps);
  }

  public Enrolment withSteps(List<Step> newSteps) {
    return new Enrolment(id, patient, pathway, start, status, endReason, newSteps);
  }

  Enrolment withStatus(EnrolmentStatus newStatus, Optional<String> reason) {
    return new Enrolment(id, patient, pathway, start, newStatus, reason, steps);
  }

  Enrolment replace(Step old, UnaryOperator<Step> change) {
    List<Step> updated = new ArrayList<>(steps);
    for (int i = 0; i < updated.size(); i++) {
      if (updated.get(i) == old) {
        updated.set(i, change.apply(old));
        return withSteps(updated);
      }
    }
    throw new IllegalArgumentException("not a step of this enrolment: " + old.code());
  }

  Enrolment add(Step step) {
    List<Step> updated = new ArrayList<>(steps);
    updated.add(step);
    return withSteps(updated);
  }
}
