package org.carepath.coordination.referral;

import java.util.Set;
import org.carepath.coordination.risk.Code;

/**
 * Seed 003: a referral to the falls team needs a recorded multifactorial falls assessment first.
 * Which service types are the falls team is configuration (the directory's codes).
 */
public final class FallsReferralPolicy {

  /** Whether the referral may go ahead, and if not, why. */
  public sealed interface Decision {
    record Admissible() implements Decision {}

    record Inadmissible(String reason) implements Decision {}
  }

  public static final Decision ADMISSIBLE = new Decision.Admissible();

  private final Set<Code> fallsServiceTypes;

  public FallsReferralPolicy(Set<Code> fallsServiceTypes) {
    this.fallsServiceTypes = Set.copyOf(fallsServiceTypes);
  }

  /**
   * @param asked the service asked for
   * @param fallsAssessmentRecorded the patient's record holds a multifactorial falls assessment
   */
  public Decision decide(Set<Code> asked, boolean fallsAssessmentRecorded) {
    boolean toFallsTeam = asked.stream().anyMatch(fallsServiceTypes::contains);
    if (!toFallsTeam || fallsAssessmentRecorded) {
      return ADMISSIBLE;
    }
    return new Decision.Inadmissible(
        "A referral to the falls team needs a multifactorial falls assessment recorded first"
            + " (seed 003): record the assessment (e.g. as an Observation or Procedure), then"
            + " refer.");
  }
}
