package org.carepath.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * While PostgreSQL cannot be reached, a request is answered promptly with 503 Service Unavailable,
 * {@code Retry-After} and an OperationOutcome — not a 500 with a stack, not a hang (the pool waits
 * {@code carepath.storage.connection-timeout} at most). Nothing was written: the request's
 * transaction never began or was rolled back.
 */
@Interceptor(order = -100)
class DatabaseUnavailableInterceptor {

  static final String RETRY_AFTER_SECONDS = "10";

  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException unavailable(RequestDetails request, Throwable exception) {
    if (!isDatabaseUnreachable(exception)) {
      return exception instanceof BaseServerResponseException base ? base : null;
    }
    BaseServerResponseException unavailable =
        new BaseServerResponseException(
            503,
            "The database cannot be reached just now; nothing was stored. Try again in "
                + RETRY_AFTER_SECONDS
                + " seconds.") {};
    unavailable.addResponseHeader("Retry-After", RETRY_AFTER_SECONDS);
    return unavailable;
  }

  /** A connection that could not be had or was lost (SQLState class 08), anywhere in the chain. */
  static boolean isDatabaseUnreachable(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException
          || cause instanceof CannotCreateTransactionException) {
        return true;
      }
      if (cause instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
