package org.carepath.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
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
    String message;
    if (isDatabaseUnreachable(exception)) {
      message =
          "The database cannot be reached just now; nothing was stored. Try again in "
              + RETRY_AFTER_SECONDS
              + " seconds.";
    } else if (isConnectionLostAtCompletion(exception)) {
      message =
          "The database connection was lost while the request was being completed: it may or"
              + " may not have been stored. Try again in "
              + RETRY_AFTER_SECONDS
              + " seconds (conditional creates and If-Match updates are safe to repeat).";
    } else {
      // Not ours: null lets the other hooks of this pointcut (412 for a stale If-Match) decide —
      // the first hook to answer an exception ends the chain.
      return null;
    }
    BaseServerResponseException unavailable = new BaseServerResponseException(503, message) {};
    unavailable.addResponseHeader("Retry-After", RETRY_AFTER_SECONDS);
    return unavailable;
  }

  /**
   * A connection that could not be had or was lost, anywhere in the chain: the pool's timeout,
   * Spring's resource failure, SQLState class 08 (connection exception) or 57P01–57P03 (the server
   * shutting down, crashed, or not yet accepting connections).
   */
  /**
   * The transaction could not be completed against its connection (Hibernate's {@code
   * TransactionException} caused by a {@code SQLException}: a commit or rollback on a connection
   * that PostgreSQL dropped — found by the fault suite as a 500 while PostgreSQL was stopping). The
   * outcome is in doubt, so the answer says so.
   */
  static boolean isConnectionLostAtCompletion(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof org.hibernate.TransactionException
          && cause.getCause() instanceof SQLException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  static boolean isDatabaseUnreachable(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException
          || cause instanceof CannotCreateTransactionException
          || cause instanceof DataAccessResourceFailureException) {
        return true;
      }
      if (cause instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
