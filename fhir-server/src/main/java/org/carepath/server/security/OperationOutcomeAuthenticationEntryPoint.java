package org.carepath.server.security;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 for a missing or unacceptable bearer token: the standard {@code WWW-Authenticate} header and
 * a FHIR OperationOutcome saying what to do, so a GP system's log shows the reason.
 */
class OperationOutcomeAuthenticationEntryPoint implements AuthenticationEntryPoint {

  private final BearerTokenAuthenticationEntryPoint bearer =
      new BearerTokenAuthenticationEntryPoint();
  private final FhirContext fhirContext;

  OperationOutcomeAuthenticationEntryPoint(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
  }

  @Override
  public void commence(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticationException authException)
      throws IOException {
    bearer.commence(request, response, authException);
    OperationOutcome outcome = new OperationOutcome();
    outcome
        .addIssue()
        .setSeverity(IssueSeverity.ERROR)
        .setCode(IssueType.LOGIN)
        .setDiagnostics(
            "A valid bearer token from Carepath's identity provider is required ("
                + authException.getMessage()
                + ").");
    response.setContentType("application/fhir+json;charset=UTF-8");
    response.getWriter().write(fhirContext.newJsonParser().encodeResourceToString(outcome));
  }
}
