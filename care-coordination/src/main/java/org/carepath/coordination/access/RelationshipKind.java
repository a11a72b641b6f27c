package org.carepath.coordination.access;

/**
 * How an organisation comes to care for a patient, each a legitimate relationship for direct care
 * (docs/security.md): the patient is registered at the practice, the organisation is on their care
 * team, owns or requested one of their referrals or pathway steps, or manages an episode of their
 * care (a care home where they live).
 */
public enum RelationshipKind {
  REGISTERED("registered"),
  CARE_TEAM("care-team"),
  REFERRAL_OR_STEP("referral-or-step"),
  EPISODE_OF_CARE("episode-of-care");

  private final String code;

  RelationshipKind(String code) {
    this.code = code;
  }

  /** The code stored with the relationship. */
  public String code() {
    return code;
  }

  public static RelationshipKind fromCode(String code) {
    for (RelationshipKind kind : values()) {
      if (kind.code.equals(code)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("Unknown relationship kind: " + code);
  }
}
