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
 * @param clockSkew how far the issuer's clock and ours may differ when a token's {@code exp} and
 *     {@code nbf} are checked (60 s, Spring Security's default): a token is refused this long after
 *     it expires
 * @param introspection asking the issuer whether each new token is still active (revocation)
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
    @DefaultValue("60s") Duration clockSkew,
    @DefaultValue Introspection introspection,
    Map<String, List<String>> roleActivities) {

  public SecurityProperties {
    roleActivities = roleActivities == null ? Map.of() : Map.copyOf(roleActivities);
  }

  public boolean hasExternalIssuer() {
    return StringUtils.hasText(issuerUri);
  }

  /**
   * Token introspection (RFC 7662) at the external issuer: when {@code clientId} is set, a token
   * Carepath has not already accepted within {@code acceptedTokenMemory} is also checked to be
   * active there, so a revoked token or ended session is refused within that time (set the memory
   * to e.g. 30s). Off by default: tokens are then valid until they expire.
   *
   * @param clientId the confidential client Carepath authenticates as (Keycloak: carepath, the
   *     audience of its tokens)
   * @param clientSecret its secret
   * @param uri the introspection endpoint; empty for Keycloak's, {@code
   *     <issuer>/protocol/openid-connect/token/introspect}
   */
  public record Introspection(
      @DefaultValue("") String clientId,
      @DefaultValue("") String clientSecret,
      @DefaultValue("") String uri) {

    public boolean enabled() {
      return StringUtils.hasText(clientId);
    }

    String endpoint(String issuer) {
      return StringUtils.hasText(uri) ? uri : issuer + "/protocol/openid-connect/token/introspect";
    }
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
