package org.carepath.server.pathway;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.carepath.server.conformance.ServerAuthoredWrites;

/**
 * Writes the pathway engine makes itself (opening, skipping and closing steps, escalations): the
 * step interceptor does not treat them as a participant's update. Escalations and trigger writes
 * are validated like any write; enrolment writes ({@link #enrolment()}) are server-authored — the
 * CarePlans, step Tasks and CareTeams the mappers build are validated against their profiles in the
 * build instead ({@code PathwayResourceConformanceTest}), as risk results are. Only an in-process
 * request can carry the mark.
 */
final class EngineWrites {

  private static final String MARK = EngineWrites.class.getName();

  private EngineWrites() {}

  static SystemRequestDetails request() {
    SystemRequestDetails request = new SystemRequestDetails();
    request.getUserData().put(MARK, Boolean.TRUE);
    return request;
  }

  /**
   * An engine request whose writes (enrolment CarePlans, step Tasks, CareTeams) skip validation.
   */
  static SystemRequestDetails enrolment() {
    return ServerAuthoredWrites.mark(request());
  }

  static boolean isEngine(RequestDetails request) {
    return request != null && Boolean.TRUE.equals(request.getUserData().get(MARK));
  }
}
