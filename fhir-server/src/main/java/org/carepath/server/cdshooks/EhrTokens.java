package org.carepath.server.cdshooks;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The EHR's JWT on every CDS Hooks call, as the specification asks: signed by a trusted EHR (its
 * issuer and JWKS configured), unexpired, with a {@code jti}, and addressed ({@code aud}) to the
 * service URL being called, and not used before ({@link UsedTokens}). Anything else is 401.
 */
final class EhrTokens {

  private EhrTokens() {}

  static JwtIssuerAuthenticationManagerResolver resolver(
      Map<String, String> trustedIssuers, UsedTokens usedTokens) {
    Map<String, AuthenticationManager> managers = new HashMap<>();
    trustedIssuers.forEach(
        (issuer, jwks) -> {
          NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwks).build();
          decoder.setJwtValidator(
              new DelegatingOAuth2TokenValidator<>(
                  List.of(
                      new JwtTimestampValidator(),
                      new JwtClaimValidator<String>(JwtClaimNames.ISS, issuer::equals),
                      new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull),
                      new JwtClaimValidator<Object>(JwtClaimNames.JTI, Objects::nonNull),
                      EhrTokens::addressedToThisService,
                      usedTokens)));
          managers.put(issuer, new JwtAuthenticationProvider(decoder)::authenticate);
        });
    return new JwtIssuerAuthenticationManagerResolver(managers::get);
  }

  /** {@code aud}: the URL of the CDS Service called (as this server received the call). */
  private static OAuth2TokenValidatorResult addressedToThisService(Jwt jwt) {
    if (!(RequestContextHolder.getRequestAttributes()
        instanceof ServletRequestAttributes attributes)) {
      return OAuth2TokenValidatorResult.failure(
          new OAuth2Error("invalid_token", "no request", null));
    }
    HttpServletRequest request = attributes.getRequest();
    String called = request.getRequestURL().toString();
    List<String> audience = jwt.getAudience() == null ? List.of() : jwt.getAudience();
    return audience.stream().anyMatch(aud -> same(aud, called))
        ? OAuth2TokenValidatorResult.success()
        : OAuth2TokenValidatorResult.failure(
            new OAuth2Error(
                "invalid_token",
                "The token's aud is not this CDS Service's URL (" + called + ")",
                null));
  }

  private static boolean same(String audience, String called) {
    return stripSlash(audience).equalsIgnoreCase(stripSlash(called));
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
