package org.carepath.coordination.risk;

import java.util.List;

/**
 * At-risk people who are not receiving the care they need (seed 004), from their latest results:
 * severe frailty with no active personalised care and support plan, and diabetics missing care
 * processes in the last 12 months (PATHWAYS.md §4–5).
 */
public final class CareGapPolicy {

  /** The kinds of gap; {@link #code()} is the code in the {@code care-gap} CodeSystem. */
  public enum Kind {
    SEVERE_FRAILTY_WITHOUT_PCSP("severe-frailty-without-pcsp"),
    DIABETES_CARE_PROCESSES_MISSING("diabetes-care-processes-missing");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** The policy's decision. */
  public sealed interface Decision permits Gap, NoGap {}

  /** A gap, and the reason a coordinator reads. */
  public record Gap(Kind kind, String reason) implements Decision {}

  public record NoGap() implements Decision {}

  public Decision severeFrailty(boolean severelyFrail, boolean hasActivePcsp) {
    if (severelyFrail && !hasActivePcsp) {
      return new Gap(
          Kind.SEVERE_FRAILTY_WITHOUT_PCSP,
          "Severe frailty (electronic frailty index) and no active personalised care and support plan.");
    }
    return new NoGap();
  }

  public Decision diabetesCareProcesses(List<String> missingCareProcesses) {
    if (missingCareProcesses.isEmpty()) {
      return new NoGap();
    }
    return new Gap(
        Kind.DIABETES_CARE_PROCESSES_MISSING,
        "Diabetes care processes not recorded in the last 12 months: "
            + String.join(", ", missingCareProcesses)
            + ".");
  }
}
