package org.carepath.server.security;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Every request needs a bearer token except the CapabilityStatement and health. Tokens come from
 * the configured OIDC issuer (Keycloak in production) or, for local use only, the in-process
 * development issuer. See docs/security.md.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

  @Bean
  SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder jwtDecoder, FhirContext fhirContext)
      throws Exception {
    var entryPoint = new OperationOutcomeAuthenticationEntryPoint(fhirContext);
    var paths = PathPatternRequestMatcher.withDefaults();
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(paths.matcher(HttpMethod.GET, "/fhir/metadata"))
                    .permitAll()
                    .requestMatchers(paths.matcher("/actuator/health/**"))
                    .permitAll()
                    // Counts and timings only, no patient data; keep it off public routes.
                    .requestMatchers(paths.matcher(HttpMethod.GET, "/actuator/prometheus"))
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .oauth2ResourceServer(
            resourceServer ->
                resourceServer
                    .authenticationEntryPoint(entryPoint)
                    .jwt(
                        jwt ->
                            jwt.decoder(jwtDecoder)
                                .jwtAuthenticationConverter(
                                    SecurityConfiguration::authenticationFor)))
        .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint));
    return http.build();
  }

  private static JwtAuthenticationToken authenticationFor(Jwt jwt) {
    CarepathUser user = CarepathUser.fromClaims(jwt.getSubject(), jwt.getClaims());
    var authorities =
        user.roles().stream()
            .map(role -> new SimpleGrantedAuthority("ROLE_" + role.code()))
            .toList();
    return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
  }

  /** The issuer's decoder, remembering accepted tokens a while, never past their expiry. */
  @Bean
  JwtDecoder jwtDecoder(
      SecurityProperties properties, ObjectProvider<DevIssuer> devIssuer, Clock clock) {
    return new ValidatedTokenCache(
        issuerDecoder(properties, devIssuer),
        clock,
        properties.acceptedTokenMemory(),
        properties.acceptedTokensRemembered());
  }

  private static JwtDecoder issuerDecoder(
      SecurityProperties properties, ObjectProvider<DevIssuer> devIssuer) {
    if (properties.hasExternalIssuer()) {
      String issuer = properties.issuerUri();
      SecurityProperties.Introspection introspection = properties.introspection();
      if (introspection.enabled()) {
        return new IntrospectingJwtDecoder(
            externalDecoder(properties, issuer),
            SpringOpaqueTokenIntrospector.withIntrospectionUri(introspection.endpoint(issuer))
                .clientId(introspection.clientId())
                .clientSecret(introspection.clientSecret())
                .build());
      }
      return externalDecoder(properties, issuer);
    }
    DevIssuer dev = devIssuer.getIfAvailable();
    if (dev == null) {
      throw new IllegalStateException(
          "No token issuer: set carepath.security.issuer-uri (CAREPATH_SECURITY_ISSUER_URI) to"
              + " your OIDC issuer, or enable the development issuer for local use.");
    }
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(dev.jwksUri()).build();
    OAuth2TokenValidator<Jwt> devChecks =
        new DelegatingOAuth2TokenValidator<>(
            new JwtTimestampValidator(properties.clockSkew()),
            new JwtClaimValidator<String>(JwtClaimNames.ISS, dev.acceptedIssuers()::contains));
    decoder.setJwtValidator(validators(devChecks, properties.audience()));
    return decoder;
  }

  /** The external issuer's signature and claim checks. */
  private static JwtDecoder externalDecoder(SecurityProperties properties, String issuer) {
    // Resolved on first use, so the server starts even while the identity provider is down.
    return new SupplierJwtDecoder(
        () -> {
          NimbusJwtDecoder decoder =
              properties.jwkSetUri().isBlank()
                  ? (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(issuer)
                  : NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
          decoder.setJwtValidator(
              validators(
                  new DelegatingOAuth2TokenValidator<>(
                      new JwtTimestampValidator(properties.clockSkew()),
                      new JwtIssuerValidator(issuer)),
                  properties.audience()));
          return decoder;
        });
  }

  private static OAuth2TokenValidator<Jwt> validators(
      OAuth2TokenValidator<Jwt> base, String audience) {
    List<OAuth2TokenValidator<Jwt>> all = new ArrayList<>(List.of(base));
    if (!audience.isBlank()) {
      all.add(
          new JwtClaimValidator<Collection<String>>(
              JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)));
    }
    return new DelegatingOAuth2TokenValidator<>(all);
  }

  @Bean(destroyMethod = "stop")
  @Conditional(DevIssuerCondition.class)
  DevIssuer devIssuer(SecurityProperties properties, DevAccounts accounts) {
    var settings = properties.devIssuer();
    DevIssuer issuer =
        new DevIssuer(accounts.all(), settings.port(), settings.tokenLifetime().toSeconds());
    issuer.start();
    return issuer;
  }

  @Bean
  RoleActivities roleActivities(SecurityProperties properties) {
    return RoleActivities.of(properties.roleActivities());
  }

  @Bean
  RoleAuthorizationInterceptor roleAuthorizationInterceptor(RoleActivities activities) {
    return new RoleAuthorizationInterceptor(activities);
  }
}
