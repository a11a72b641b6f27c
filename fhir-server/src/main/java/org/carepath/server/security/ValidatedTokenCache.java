package org.carepath.server.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers bearer tokens the issuer's decoder has accepted, so a system sending many requests with
 * one token has its signature and claims checked once, not on every request (a profile of the
 * referral benchmark put JWT decoding at ~3 % of the server's time). A token is remembered for at
 * most {@code maxAge} — as long as the JWK set is cached, so a withdrawn signing key stops working
 * as soon as without this — and never past its {@code exp}. Refusals are not remembered.
 */
final class ValidatedTokenCache implements JwtDecoder {

  private final JwtDecoder decoder;
  private final Clock clock;
  private final Cache<String, Jwt> accepted;

  ValidatedTokenCache(JwtDecoder decoder, Clock clock, Duration maxAge, long maxTokens) {
    this.decoder = decoder;
    this.clock = clock;
    this.accepted =
        Caffeine.newBuilder()
            .expireAfterWrite(maxAge)
            .maximumSize(maxTokens)
            .ticker(() -> clock.millis() * 1_000_000L)
            .build();
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    Jwt known = accepted.getIfPresent(token);
    if (known != null && unexpired(known)) {
      return known;
    }
    Jwt jwt = decoder.decode(token);
    if (jwt.getExpiresAt() != null) {
      accepted.put(token, jwt);
    }
    return jwt;
  }

  private boolean unexpired(Jwt jwt) {
    Instant expires = jwt.getExpiresAt();
    return expires != null && clock.instant().isBefore(expires);
  }
}
