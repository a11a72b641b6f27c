package org.carepath.server.conformance;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;

/**
 * Writes the server makes itself from resources its own tested mappers build (population risk
 * results, pathway enrolments), which skip per-write profile validation: at tens of thousands of
 * results a run, the instance validator would cost minutes, and every mapper's output is validated
 * against its profile in the build (hazard H-13). Only an in-process {@link SystemRequestDetails}
 * can carry the mark; a request from outside never does.
 */
public final class ServerAuthoredWrites {

  private static final String MARK = ServerAuthoredWrites.class.getName();

  private ServerAuthoredWrites() {}

  /** A system request whose writes are server-authored. */
  public static SystemRequestDetails request() {
    return mark(new SystemRequestDetails());
  }

  /** Marks an in-process system request's writes as server-authored. */
  public static SystemRequestDetails mark(SystemRequestDetails request) {
    request.getUserData().put(MARK, Boolean.TRUE);
    return request;
  }

  static boolean isServerAuthored(RequestDetails request) {
    return request instanceof SystemRequestDetails
        && Boolean.TRUE.equals(request.getUserData().get(MARK));
  }
}
