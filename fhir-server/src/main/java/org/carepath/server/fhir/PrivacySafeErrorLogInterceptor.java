package org.carepath.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs failed FHIR requests without patient data. HAPI's own exception log, and Hibernate's SQL
 * error log, repeat message text that can hold what the client sent (an NHS number in a
 * conditional-create URL, a name in a parse error); those loggers are switched off in
 * application.yaml and this one logs only the operation, resource type, HTTP status, exception
 * types and HAPI message codes, which are enough to look a failure up.
 */
@Interceptor
class PrivacySafeErrorLogInterceptor {

  private static final Logger log = LoggerFactory.getLogger("carepath.fhir.errors");
  private static final Pattern HAPI_CODE = Pattern.compile("HAPI-\\d{4}");

  @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
  public boolean logWithoutData(RequestDetails request, BaseServerResponseException exception) {
    String summary =
        String.format(
            "FHIR %s %s failed: HTTP %d %s %s",
            request.getRestOperationType(),
            request.getResourceName() == null ? "(system)" : request.getResourceName(),
            exception.getStatusCode(),
            causeTypes(exception),
            hapiCodes(exception.getMessage()));
    if (exception.getStatusCode() >= 500) {
      log.error(summary);
    } else {
      log.info(summary);
    }
    return true;
  }

  /**
   * The exception and its causes, by type only — a SQLException with its SQLState (a code, never
   * data), and the next exception a driver chained to it.
   */
  static String causeTypes(Throwable exception) {
    List<String> types = new ArrayList<>();
    for (Throwable t = exception; t != null && types.size() < 8; t = t.getCause()) {
      String type = t.getClass().getSimpleName();
      if (t instanceof java.sql.SQLException sql) {
        type += "[" + sql.getSQLState() + "]";
        if (sql.getNextException() != null) {
          type +=
              "+"
                  + sql.getNextException().getClass().getSimpleName()
                  + "["
                  + sql.getNextException().getSQLState()
                  + "]";
        }
      }
      types.add(type);
    }
    return String.join(" < ", types);
  }

  /** HAPI's message codes (e.g. HAPI-0450) without the text around them. */
  static String hapiCodes(String message) {
    if (message == null) {
      return "";
    }
    List<String> codes = new ArrayList<>();
    Matcher matcher = HAPI_CODE.matcher(message);
    while (matcher.find()) {
      codes.add(matcher.group());
    }
    return String.join(",", codes);
  }
}
