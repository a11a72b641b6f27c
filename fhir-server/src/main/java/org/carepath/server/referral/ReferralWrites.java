package org.carepath.server.referral;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.carepath.server.conformance.ServerAuthoredWrites;

/**
 * Writes the referral workflow makes itself (the tracking Task, its routing, breaches): the
 * lifecycle check does not treat them as a party's change. Only an in-process request carries the
 * mark.
 */
final class ReferralWrites {

  private static final String MARK = ReferralWrites.class.getName();

  private ReferralWrites() {}

  /**
   * A workflow write: server-authored too (not validated per write) — what the mappers build is
   * validated against the referral Task profile in the build ({@code
   * ReferralResourceConformanceTest}).
   */
  static SystemRequestDetails request() {
    SystemRequestDetails request = new SystemRequestDetails();
    request.getUserData().put(MARK, Boolean.TRUE);
    return ServerAuthoredWrites.mark(request);
  }

  static boolean isWorkflow(RequestDetails request) {
    return request != null && Boolean.TRUE.equals(request.getUserData().get(MARK));
  }
}
