package org.carepath.coordination.referral;

import java.util.Arrays;
import java.util.Optional;

/** Where a referral's tracking Task stands (the FHIR Task statuses the workflow uses). */
public enum ReferralStatus {
  REQUESTED("requested"),
  RECEIVED("received"),
  ACCEPTED("accepted"),
  IN_PROGRESS("in-progress"),
  ON_HOLD("on-hold"),
  COMPLETED("completed"),
  REJECTED("rejected"),
  CANCELLED("cancelled"),
  FAILED("failed");

  private final String code;

  ReferralStatus(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<ReferralStatus> fromCode(String code) {
    return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
  }

  /** Nothing more happens to the referral. */
  public boolean hasEnded() {
    return this == COMPLETED || this == REJECTED || this == CANCELLED || this == FAILED;
  }
}
