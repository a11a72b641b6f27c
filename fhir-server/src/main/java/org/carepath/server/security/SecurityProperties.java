package org.carepath.server.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * Who issues the tokens Carepath accepts.
 *
 * @param issuerUri the OIDC issuer (e.g. a Keycloak realm, {@code
 *     https://sso.example.nhs.uk/realms/carepath}). When set, only its tokens are accepted and the
 *     development issuer never starts.
 * @param jwkSetUri where to fetch the issuer's signing keys when that differs from what discovery
 *     at {@code issuerUri} says (e.g. Keycloak reached as {@code http://keycloak:8080} inside a
 *     container network while tokens name {@code http://localhost:8081}); empty uses discovery
 * @param audience when set, tokens must name it in {@code aud}
 * @param devIssuer the local development issuer, used only when {@code issuerUri} is empty
 * @param acceptedTokenMemory how long an accepted token is remembered, so a system sending many
 *     requests with one token is checked once (5 min, the JWK set's own cache time; never past the
 *     token's expiry; 0 checks every request)
 * @param acceptedTokensRemembered at most this many accepted tokens are remembered (10,000)
 * @param roleActivities each role's activities (role code → activity codes, {@link Activity})
 */
@ConfigurationProperties("carepath.security")
public record SecurityProperties(
    @DefaultValue("") String issuerUri,
    @DefaultValue("") String jwkSetUri,
    @DefaultValue("") String audience,
    @DefaultValue DevIssuerProperties devIssuer,
    @DefaultValue("5m") Duration acceptedTokenMemory,
    @DefaultValue("10000") long acceptedTokensRemembered,
    Map<String, List<String>> roleActivities) {

  public SecurityProperties {
    roleActivities = roleActivities == null ? Map.of() : Map.copyOf(roleActivities);
  }

  public boolean hasExternalIssuer() {
    return StringUtils.hasText(issuerUri);
  }

  /**
   * The in-process development issuer (loopback only).
   *
   * @param enabled whether it may start when no external issuer is configured
   * @param port its port on 127.0.0.1 (0 picks a free one)
   * @param tokenLifetime how long its tokens are valid
   */
  public record DevIssuerProperties(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("9000") int port,
      @DefaultValue("1h") Duration tokenLifetime) {}
}
