package org.carepath.server.ratelimit;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-client rate limits on {@code /fhir}: a token bucket per client (a token's client and
 * subject), {@code burst} requests at once, refilled at {@code perSecond}; 429 with Retry-After
 * above it.
 *
 * @param perSecond the refill rate; 0 switches rate limiting off
 * @param burst the most requests at once
 * @param shared whether the buckets are kept in PostgreSQL so every replica counts against one
 *     bucket per client (otherwise each replica counts on its own and N replicas allow N times the
 *     limit)
 * @param syncEvery how long a replica may count a shared bucket locally before it writes it back;
 *     it also writes back after a twentieth of the burst
 * @param storeUnavailableFor while the shared store cannot be reached, how long each replica counts
 *     on its own before it tries the store again (requests are never refused because the store is
 *     down)
 * @param clients limits for particular token clients ({@code azp}), e.g. a GP system supplier's
 *     integration; a client's {@code per-second} 0 exempts it
 */
@ConfigurationProperties("carepath.fhir.rate-limit")
public record RateLimitProperties(
    @DefaultValue("200") long perSecond,
    @DefaultValue("400") long burst,
    @DefaultValue("true") boolean shared,
    @DefaultValue("250ms") Duration syncEvery,
    @DefaultValue("30s") Duration storeUnavailableFor,
    Map<String, Limit> clients) {

  public RateLimitProperties {
    clients = clients == null ? Map.of() : Map.copyOf(clients);
  }

  /** One client's own limit. */
  public record Limit(long perSecond, long burst) {}

  /** The limit a token client gets: its own if configured, otherwise the default. */
  Limit limitFor(String azp) {
    Limit own = clients.get(azp);
    return own != null ? own : new Limit(perSecond, burst);
  }
}
