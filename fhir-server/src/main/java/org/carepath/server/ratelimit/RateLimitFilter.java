package org.carepath.server.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-client rate limits on {@code /fhir}: each client — the token's client ({@code azp}) and
 * subject, so each GP system and each person has their own — gets a token bucket ({@link
 * ClientBuckets}). Over it: 429 with {@code Retry-After} and an OperationOutcome, so one
 * misbehaving system cannot starve the rest. Runs after authentication; requests without a token
 * are refused (401) before they get here.
 */
class RateLimitFilter extends OncePerRequestFilter {

  private final ClientBuckets buckets;

  RateLimitFilter(ClientBuckets buckets) {
    this.buckets = buckets;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    ClientBuckets.Client client = client(SecurityContextHolder.getContext().getAuthentication());
    Optional<ConsumptionProbe> probe =
        client == null ? Optional.empty() : buckets.tryConsume(client);
    if (probe.isEmpty() || probe.get().isConsumed()) {
      chain.doFilter(request, response);
      return;
    }
    long retryAfter =
        Math.max(1, (probe.get().getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    response.setStatus(429);
    response.setHeader("Retry-After", Long.toString(retryAfter));
    response.setContentType("application/fhir+json");
    response.setCharacterEncoding("UTF-8");
    response
        .getOutputStream()
        .write(
            ("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                    + "\"code\":\"throttled\",\"diagnostics\":\"Too many requests from this client:"
                    + " try again in "
                    + retryAfter
                    + " s\"}]}")
                .getBytes(StandardCharsets.UTF_8));
  }

  /** The client a request is counted against: the token's client and subject. */
  static ClientBuckets.Client client(Authentication authentication) {
    if (!(authentication instanceof JwtAuthenticationToken jwt)) {
      return null;
    }
    Object azp = jwt.getToken().getClaims().get("azp");
    if (azp == null) {
      azp = jwt.getToken().getClaims().get("client_id");
    }
    String clientId = azp == null ? "" : azp.toString();
    return new ClientBuckets.Client(clientId, clientId + "/" + jwt.getToken().getSubject());
  }
}
