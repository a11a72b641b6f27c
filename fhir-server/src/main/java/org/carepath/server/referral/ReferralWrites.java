package org.carepath.server.referral;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;

/**
 * Writes the referral workflow makes itself (the tracking Task, its routing, breaches): the
 * lifecycle check does not treat them as a party's change. Only an in-process request carries the
 * mark.
 */
final class ReferralWrites {

  private static final String MARK = ReferralWrites.class.getName();

  private ReferralWrites() {}

  static SystemRequestDetails request() {
    SystemRequestDetails request = new SystemRequestDetails();
    request.getUserData().put(MARK, Boolean.TRUE);
    return request;
  }

  static boolean isWorkflow(RequestDetails request) {
    return request != null && Boolean.TRUE.equals(request.getUserData().get(MARK));
  }
}
