package org.carepath.server.referral;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.carepath.coordination.referral.TransitionDecision.Refused;

/** Maps a refused referral change to its HTTP answer (the OperationOutcome carries the reason). */
final class ReferralRefused {

  /** 409: not possible from where the referral stands; never retried as a storage race. */
  static final class Conflict extends BaseServerResponseException {
    Conflict(String message) {
      super(409, message);
    }
  }

  private ReferralRefused() {}

  static BaseServerResponseException of(Refused refused) {
    return switch (refused.kind()) {
      case CONFLICT -> new Conflict(refused.reason());
      case WRONG_PARTY -> new ForbiddenOperationException(refused.reason());
      case INCOMPLETE -> new UnprocessableEntityException(refused.reason());
    };
  }
}
