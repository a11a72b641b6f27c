package org.carepath.coordination.risk;

import java.util.List;
import java.util.Optional;

/**
 * A diabetic person's control: the latest HbA1c in the look-back and its band, the three treatment
 * targets met or not, the care processes done and missing, and the records used.
 */
public record DiabetesControlResult(
    Band band,
    Optional<Double> latestHba1c,
    boolean hba1cTargetMet,
    boolean bloodPressureTargetMet,
    boolean cholesterolTargetMet,
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

  public DiabetesControlResult {
    careProcessesDone = List.copyOf(careProcessesDone);
    careProcessesMissing = List.copyOf(careProcessesMissing);
    evidence = List.copyOf(evidence);
  }

  public int targetsMet() {
    return (hba1cTargetMet ? 1 : 0)
        + (bloodPressureTargetMet ? 1 : 0)
        + (cholesterolTargetMet ? 1 : 0);
  }

  public boolean allThreeTargetsMet() {
    return targetsMet() == 3;
  }
}
