package org.carepath.coordination.pathway;

import java.time.Instant;
import java.util.Optional;

/**
 * One occurrence of a step in an enrolment.
 *
 * @param id the stored record's id (the Task's), empty until stored
 * @param code the step's code
 * @param status where it stands
 * @param owner the organisation that is to do it (a reference), if known
 * @param due when it is due, once it is open
 * @param ended when it ended
 * @param reason why it was skipped, cancelled or declined
 */
public record Step(
    Optional<String> id,
    String code,
    StepStatus status,
    Optional<String> owner,
    Optional<Instant> due,
    Optional<Instant> ended,
    Optional<String> reason) {

  static Step waiting(String code, Optional<String> owner, Optional<Instant> due) {
    return new Step(
        Optional.empty(), code, StepStatus.WAITING, owner, due, Optional.empty(), Optional.empty());
  }

  static Step ready(String code, Optional<String> owner, Instant due) {
    return new Step(
        Optional.empty(),
        code,
        StepStatus.READY,
        owner,
        Optional.of(due),
        Optional.empty(),
        Optional.empty());
  }

  static Step skipped(String code, Optional<String> owner, Instant at, String reason) {
    return new Step(
        Optional.empty(),
        code,
        StepStatus.SKIPPED,
        owner,
        Optional.empty(),
        Optional.of(at),
        Optional.of(reason));
  }

  Step becomeReady(Instant newDue) {
    return new Step(
        id, code, StepStatus.READY, owner, Optional.of(newDue), Optional.empty(), Optional.empty());
  }

  Step end(StepStatus endStatus, Instant at, Optional<String> why) {
    return new Step(id, code, endStatus, owner, due, Optional.of(at), why);
  }

  Step moveTo(StepStatus newStatus) {
    return new Step(id, code, newStatus, owner, due, ended, reason);
  }

  public Step withId(String storedId) {
    return new Step(Optional.of(storedId), code, status, owner, due, ended, reason);
  }

  /** Open and past its due date at {@code now}. */
  public boolean isBreaching(Instant now) {
    return status.isOpen() && due.isPresent() && due.get().isBefore(now);
  }
}
