package org.carepath.server.fhir;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * For the endpoints beside the FHIR API (CDS Hooks): while PostgreSQL cannot be reached, a request
 * is answered 503 with {@code Retry-After} and a short JSON error — as the FHIR API answers with an
 * OperationOutcome ({@link DatabaseUnavailableInterceptor}) — rather than a 500. Wraps everything
 * after it, the security filters included (a JWT's replay check reads the database).
 */
public class DatabaseUnavailableFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException failure) {
      if (response.isCommitted()
          || !DatabaseUnavailableInterceptor.isDatabaseUnreachable(failure)) {
        throw failure;
      }
      response.resetBuffer();
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      response.setHeader("Retry-After", DatabaseUnavailableInterceptor.RETRY_AFTER_SECONDS);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response
          .getWriter()
          .write(
              "{\"error\":\"The database cannot be reached just now. Try again in "
                  + DatabaseUnavailableInterceptor.RETRY_AFTER_SECONDS
                  + " seconds.\"}");
    }
  }
}
