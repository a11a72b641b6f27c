package org.carepath.server.fhir;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-client rate limits on {@code /fhir}: each client — the token's client ({@code azp}) and
 * subject, so each GP system and each person has their own — gets a token bucket of {@code burst}
 * requests refilled at {@code perSecond}. Over it: 429 with {@code Retry-After} and an
 * OperationOutcome, so one misbehaving system cannot starve the rest. Runs after authentication;
 * requests without a token are refused (401) before they get here.
 */
class RateLimitFilter extends OncePerRequestFilter {

  private final long perSecond;
  private final long burst;
  private final Cache<String, Bucket> buckets =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();

  RateLimitFilter(long perSecond, long burst) {
    this.perSecond = perSecond;
    this.burst = Math.max(burst, perSecond);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String client = client(SecurityContextHolder.getContext().getAuthentication());
    if (client == null) {
      chain.doFilter(request, response);
      return;
    }
    ConsumptionProbe probe =
        buckets.get(client, key -> newBucket()).tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      chain.doFilter(request, response);
      return;
    }
    long retryAfter =
        Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    response.setStatus(429);
    response.setHeader("Retry-After", Long.toString(retryAfter));
    response.setContentType("application/fhir+json");
    response.setCharacterEncoding("UTF-8");
    response
        .getOutputStream()
        .write(
            ("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                    + "\"code\":\"throttled\",\"diagnostics\":\"Too many requests from this client"
                    + " (at most "
                    + perSecond
                    + " a second, bursts of "
                    + burst
                    + "): try again in "
                    + retryAfter
                    + " s\"}]}")
                .getBytes(StandardCharsets.UTF_8));
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(burst)
                .refillGreedy(perSecond, Duration.ofSeconds(1))
                .build())
        .build();
  }

  /** The client a request is counted against: the token's client and subject. */
  static String client(Authentication authentication) {
    if (!(authentication instanceof JwtAuthenticationToken jwt)) {
      return null;
    }
    Object azp = jwt.getToken().getClaims().get("azp");
    if (azp == null) {
      azp = jwt.getToken().getClaims().get("client_id");
    }
    return (azp == null ? "" : azp) + "/" + jwt.getToken().getSubject();
  }
}
