package org.carepath.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * An update whose {@code If-Match} names a version that is no longer current fails with 412
 * Precondition Failed, as FHIR R4 specifies (HAPI reports it as a 409 version conflict). Other
 * version conflicts, such as two concurrent writes without {@code If-Match}, stay 409.
 */
@Interceptor
class IfMatchPreconditionInterceptor {

  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException staleIfMatchIsPreconditionFailed(
      RequestDetails request, Throwable exception, HttpServletRequest servletRequest) {
    if (exception instanceof ResourceVersionConflictException conflict
        && request.getHeader(Constants.HEADER_IF_MATCH) != null) {
      PreconditionFailedException failed =
          new PreconditionFailedException(
              "The resource has changed since the version named in If-Match: read it again and"
                  + " re-apply the change. "
                  + conflict.getMessage());
      failed.setOperationOutcome(conflict.getOperationOutcome());
      return failed;
    }
    return exception instanceof BaseServerResponseException base ? base : null;
  }
}
