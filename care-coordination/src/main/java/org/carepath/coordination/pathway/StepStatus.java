package org.carepath.coordination.pathway;

/** Where a step stands. */
public enum StepStatus {
  /** Its prerequisites are not all completed yet. */
  WAITING,
  READY,
  IN_PROGRESS,
  ON_HOLD,
  COMPLETED,
  /** Cancelled by a participant, or when the pathway ended (with the reason). */
  CANCELLED,
  /** Declined by the person who was to do it, or by the patient (with the reason). */
  DECLINED,
  /** Not done because it did not apply, or a prerequisite was not completed (with the reason). */
  SKIPPED;

  /** Someone is to do it now. */
  public boolean isOpen() {
    return this == READY || this == IN_PROGRESS || this == ON_HOLD;
  }

  public boolean hasEnded() {
    return this == COMPLETED || this == CANCELLED || this == DECLINED || this == SKIPPED;
  }

  public String label() {
    return name().toLowerCase().replace('_', ' ');
  }
}
