package org.carepath.coordination.referral;

/** Whether a referral may change as proposed, and if not, why and in what way it is wrong. */
public sealed interface TransitionDecision {

  record Allowed() implements TransitionDecision {}

  /**
   * Refused.
   *
   * @param kind {@code CONFLICT}: not possible from where the referral stands (a client may have a
   *     stale copy); {@code WRONG_PARTY}: the other party makes this change; {@code INCOMPLETE}:
   *     possible, but a reason is missing
   */
  record Refused(Kind kind, String reason) implements TransitionDecision {
    public enum Kind {
      CONFLICT,
      WRONG_PARTY,
      INCOMPLETE
    }
  }

  TransitionDecision ALLOWED = new Allowed();
}
