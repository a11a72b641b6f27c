package org.carepath.coordination.risk;

import java.util.List;
import java.util.Optional;

/**
 * A diabetic person's control: the latest HbA1c in the look-back and its band, the three treatment
 * targets (met, not met, or not assessable — each with what it rests on), the care processes done
 * and missing, and the records used.
 */
public record DiabetesControlResult(
    Band band,
    Optional<Double> latestHba1c,
    Target hba1cTarget,
    Target bloodPressureTarget,
    Target cholesterolTarget,
    List<String> careProcessesDone,
    List<String> careProcessesMissing,
    List<String> evidence) {

  /** Control band; {@link #code()} is its code in the {@code diabetes-control} CodeSystem. */
  public enum Band {
    AT_TARGET("at-target"),
    ABOVE_TARGET("above-target"),
    POOR_CONTROL("poor-control"),
    UNKNOWN("unknown");

    private final String code;

    Band(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** Whether a target is met, and the reading or reason behind that. */
  public record Target(Status status, String detail) {

    public enum Status {
      MET("met"),
      NOT_MET("not met"),
      /** A reading in a unit that cannot be converted: neither met nor not met. */
      NOT_ASSESSED("not assessed");

      private final String words;

      Status(String words) {
        this.words = words;
      }

      public String words() {
        return words;
      }
    }

    public static Target met(String detail) {
      return new Target(Status.MET, detail);
    }

    public static Target notMet(String detail) {
      return new Target(Status.NOT_MET, detail);
    }

    public static Target notAssessed(String reason) {
      return new Target(Status.NOT_ASSESSED, reason);
    }

    public boolean isMet() {
      return status == Status.MET;
    }
  }

  public DiabetesControlResult {
    careProcessesDone = List.copyOf(careProcessesDone);
    careProcessesMissing = List.copyOf(careProcessesMissing);
    evidence = List.copyOf(evidence);
  }

  public int targetsMet() {
    return (hba1cTarget.isMet() ? 1 : 0)
        + (bloodPressureTarget.isMet() ? 1 : 0)
        + (cholesterolTarget.isMet() ? 1 : 0);
  }

  public boolean allThreeTargetsMet() {
    return targetsMet() == 3;
  }
}
