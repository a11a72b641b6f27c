package org.carepath.coordination.referral;

import java.util.Set;
import java.util.stream.Stream;
import org.carepath.coordination.terminology.Code;

/**
 * Seed 003: a referral to the falls team needs a multifactorial falls assessment recorded first.
 * Which service types are the falls team, and which codes record the assessment, are configuration
 * (the directory's codes; by default the pathways' falls assessment steps). What counts as recorded
 * is an activity with one of those codes that was done: a completed Task or Procedure, a final or
 * amended Observation ({@code referral.fhir.RecordedActivities} reads them).
 */
public final class FallsReferralPolicy {

  /** Whether the referral may go ahead, and if not, why. */
  public sealed interface Decision {
    record Admissible() implements Decision {}

    record Inadmissible(String reason) implements Decision {}
  }

  /** Something in the patient's record: its codes, and whether it was done (not planned). */
  public record RecordedActivity(Set<Code> codes, boolean done) {
    public RecordedActivity {
      codes = Set.copyOf(codes);
    }
  }

  public static final Decision ADMISSIBLE = new Decision.Admissible();

  private final Set<Code> fallsServiceTypes;
  private final Set<Code> fallsAssessmentCodes;

  public FallsReferralPolicy(Set<Code> fallsServiceTypes, Set<Code> fallsAssessmentCodes) {
    this.fallsServiceTypes = Set.copyOf(fallsServiceTypes);
    this.fallsAssessmentCodes = Set.copyOf(fallsAssessmentCodes);
  }

  /** Whether the rule is about this referral: it asks for the falls team. */
  public boolean appliesTo(Set<Code> asked) {
    return asked.stream().anyMatch(fallsServiceTypes::contains);
  }

  /** Whether an activity records a multifactorial falls assessment. */
  public boolean isFallsAssessment(RecordedActivity activity) {
    return activity.done() && activity.codes().stream().anyMatch(fallsAssessmentCodes::contains);
  }

  /**
   * @param asked the service asked for
   * @param record the patient's recorded activities (read lazily: the first assessment found
   *     decides)
   */
  public Decision decide(Set<Code> asked, Stream<RecordedActivity> record) {
    if (!appliesTo(asked) || record.anyMatch(this::isFallsAssessment)) {
      return ADMISSIBLE;
    }
    return new Decision.Inadmissible(
        "A referral to the falls team needs a multifactorial falls assessment recorded first"
            + " (seed 003): record the assessment (e.g. as an Observation or Procedure), then"
            + " refer.");
  }
}
