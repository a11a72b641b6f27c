package org.carepath.server.pathway;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;

/**
 * Writes the pathway engine makes itself (opening, skipping and closing steps, escalations). They
 * are validated like any write, but the step interceptor does not treat them as a participant's
 * update. Only an in-process request can carry the mark.
 */
final class EngineWrites {

  private static final String MARK = EngineWrites.class.getName();

  private EngineWrites() {}

  static SystemRequestDetails request() {
    SystemRequestDetails request = new SystemRequestDetails();
    request.getUserData().put(MARK, Boolean.TRUE);
    return request;
  }

  static boolean isEngine(RequestDetails request) {
    return request != null && Boolean.TRUE.equals(request.getUserData().get(MARK));
  }
}
