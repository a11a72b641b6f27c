package org.carepath.server.cdshooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The CDS Hooks specification's replay protection: an EHR's JWT is good for one call. Each accepted
 * token's {@code jti} is kept (per issuer) in PostgreSQL until the token expires, so the same token
 * presented again — to this replica or another — is refused (401). Checked after the signature, so
 * only a trusted EHR's tokens are kept.
 */
final class UsedTokens implements OAuth2TokenValidator<Jwt> {

  /** Expired rows are deleted every this many accepted tokens. */
  private static final long PURGE_EVERY = 500;

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final AtomicLong accepted = new AtomicLong();

  UsedTokens(DataSource dataSource, Clock clock) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.clock = clock;
  }

  @Override
  public OAuth2TokenValidatorResult validate(Jwt jwt) {
    if (jwt.getId() == null || jwt.getIssuer() == null || jwt.getExpiresAt() == null) {
      // The other validators name what is missing.
      return OAuth2TokenValidatorResult.success();
    }
    return firstUse(jwt.getIssuer().toString(), jwt.getId(), jwt.getExpiresAt())
        ? OAuth2TokenValidatorResult.success()
        : OAuth2TokenValidatorResult.failure(
            new OAuth2Error(
                "invalid_token",
                "This token (jti) was used before: a CDS Hooks token is good for one call",
                null));
  }

  /** Records the token; false when it was recorded before. */
  boolean firstUse(String issuer, String jti, Instant expires) {
    if (accepted.incrementAndGet() % PURGE_EVERY == 0) {
      jdbc.update("delete from cp_cds_token where expires_at < ?", Timestamp.from(clock.instant()));
    }
    return jdbc.update(
            "insert into cp_cds_token (issuer, jti, expires_at) values (?, ?, ?)"
                + " on conflict do nothing",
            issuer,
            jti,
            Timestamp.from(expires))
        == 1;
  }
}
