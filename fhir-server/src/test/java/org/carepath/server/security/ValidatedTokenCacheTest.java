package org.carepath.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class ValidatedTokenCacheTest {

  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  /** A clock the test moves. */
  private static final class MovingClock extends Clock {
    private Instant now = NOW;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final MovingClock clock = new MovingClock();
  private final List<String> checked = new ArrayList<>();

  /**
   * The issuer's decoder: accepts tokens named "good-<seconds from NOW to expiry>" until they
   * expire, refuses the rest.
   */
  private final JwtDecoder issuer =
      token -> {
        checked.add(token);
        if (!token.startsWith("good-")) {
          throw new BadJwtException("refused");
        }
        Instant expires = NOW.plusSeconds(Long.parseLong(token.substring(5)));
        if (!clock.instant().isBefore(expires)) {
          throw new BadJwtException("expired");
        }
        return Jwt.withTokenValue(token)
            .header("alg", "RS256")
            .subject("gp")
            .issuedAt(NOW)
            .expiresAt(expires)
            .build();
      };

  private final ValidatedTokenCache cache =
      new ValidatedTokenCache(issuer, clock, Duration.ofMinutes(5), 100);

  @Test
  void anAcceptedTokenIsCheckedOnceWhileItLasts() {
    Jwt first = cache.decode("good-3600");
    clock.now = NOW.plusSeconds(60);
    assertThat(cache.decode("good-3600")).isSameAs(first);
    assertThat(checked).containsExactly("good-3600");
  }

  @Test
  void aTokenIsCheckedAgainAfterFiveMinutes() {
    cache.decode("good-3600");
    clock.now = NOW.plus(Duration.ofMinutes(5)).plusSeconds(1);
    cache.decode("good-3600");
    assertThat(checked).containsExactly("good-3600", "good-3600");
  }

  @Test
  void anExpiredTokenIsNeverAnsweredFromMemory() {
    cache.decode("good-30");
    clock.now = NOW.plusSeconds(31);
    assertThatThrownBy(() -> cache.decode("good-30")).isInstanceOf(BadJwtException.class);
    assertThat(checked).containsExactly("good-30", "good-30");
  }

  @Test
  void refusalsAreNotRemembered() {
    assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);
    assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);
    assertThat(checked).containsExactly("forged", "forged");
  }
}
