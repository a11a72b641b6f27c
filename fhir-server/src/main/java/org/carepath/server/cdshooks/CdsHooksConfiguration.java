package org.carepath.server.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.hapi.fhir.cdshooks.api.CDSHooksVersion;
import ca.uhn.hapi.fhir.cdshooks.api.ICdsHooksDaoAuthorizationSvc;
import ca.uhn.hapi.fhir.cdshooks.api.ICdsServiceRegistry;
import ca.uhn.hapi.fhir.cdshooks.config.CdsHooksConfig;
import ca.uhn.hapi.fhir.cdshooks.controller.CdsHooksController;
import ca.uhn.hapi.fhir.cdshooks.svc.CdsHooksContextBooter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.carepath.coordination.cds.PatientViewPolicy;
import org.carepath.coordination.cds.ReferralDraftPolicy;
import org.carepath.server.fhir.DatabaseUnavailableFilter;
import org.carepath.server.organisation.OrganisationTree;
import org.carepath.server.referral.ReferralPreview;
import org.carepath.server.security.DevIssuer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * CDS Hooks 2.0 at {@code /cds-services} with HAPI's CDS Hooks server module (its registry,
 * discovery and controller): Carepath's services register with the registry at start-up. Every call
 * carries the EHR's signed JWT ({@link EhrTokens}); the cards are read with the FHIR authorisation
 * the EHR passes (docs/api.md "CDS Hooks").
 */
@Configuration(proxyBeanMethods = false)
@Import(CdsHooksConfig.class)
@EnableConfigurationProperties(CdsHooksProperties.class)
public class CdsHooksConfiguration {

  /**
   * Services are registered by Carepath's own beans, not booted from a definitions class; the
   * booter only contributes the feedback endpoint ({@link PatientViewFeedback}), which the module
   * registers nowhere else.
   */
  @Bean
  CdsHooksContextBooter cdsHooksContextBooter(PatientViewFeedback feedback) {
    return new FeedbackBooter(feedback);
  }

  /** The module's booter, given Carepath's feedback bean. */
  static final class FeedbackBooter extends CdsHooksContextBooter {
    FeedbackBooter(Object feedback) {
      myCdsServiceBeans.add(feedback);
    }
  }

  @Bean
  EnrolmentSuggestions enrolmentSuggestions(
      DataSource dataSource, Clock clock, CdsHooksProperties properties) {
    return new EnrolmentSuggestions(
        new org.springframework.jdbc.core.JdbcTemplate(dataSource),
        clock,
        properties.suggestionValidFor());
  }

  @Bean
  PatientViewFeedback patientViewFeedback(
      EnrolmentSuggestions suggestions,
      org.carepath.server.pathway.PathwayEnrolment enrolment,
      org.carepath.server.audit.AuditTrail audit) {
    return new PatientViewFeedback(suggestions, enrolment, audit);
  }

  @Bean
  CDSHooksVersion cdsHooksVersion() {
    return CDSHooksVersion.V_2_0;
  }

  /** The module's own prefetch from storage is not used: Carepath reads as the caller. */
  @Bean
  ICdsHooksDaoAuthorizationSvc cdsHooksDaoAuthorizationSvc() {
    return resource -> {
      throw new ForbiddenOperationException(
          "Carepath's CDS Services read the record with the caller's FHIR authorisation");
    };
  }

  @Bean
  CdsHooksController cdsHooksController(ICdsServiceRegistry registry) {
    return new CdsHooksController(registry);
  }

  @Bean
  PatientViewService patientViewService(
      ICdsServiceRegistry registry,
      CdsHooksProperties properties,
      EnrolmentSuggestions suggestions,
      JwtDecoder jwtDecoder,
      OrganisationTree organisations,
      FhirContext fhirContext,
      Clock clock) {
    PatientViewService service =
        new PatientViewService(
            new PatientViewPolicy(properties.dueSoon(), properties.offeredPathways()),
            suggestions,
            properties.offeredPathways(),
            jwtDecoder,
            organisations,
            fhirContext,
            clock);
    registry.registerService(
        PatientViewService.ID, service, PatientViewService.description(), false, "carepath");
    return service;
  }

  @Bean
  ReferralSignService referralSignService(
      ICdsServiceRegistry registry,
      ReferralPreview preview,
      JwtDecoder jwtDecoder,
      FhirContext fhirContext) {
    ReferralSignService service =
        new ReferralSignService(new ReferralDraftPolicy(), preview, jwtDecoder, fhirContext);
    registry.registerService(
        ReferralSignService.ID, service, ReferralSignService.description(), false, "carepath");
    return service;
  }

  /** Around everything, security included: 503 rather than 500 while PostgreSQL is away. */
  @Bean
  FilterRegistrationBean<DatabaseUnavailableFilter> cdsHooksDatabaseUnavailable() {
    FilterRegistrationBean<DatabaseUnavailableFilter> registration =
        new FilterRegistrationBean<>(new DatabaseUnavailableFilter());
    registration.addUrlPatterns("/cds-services", "/cds-services/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  /** Before the API's chain: CDS Hooks calls carry the EHR's JWT, not a Carepath token. */
  @Bean
  @Order(2)
  SecurityFilterChain cdsHooksSecurity(
      HttpSecurity http,
      CdsHooksProperties properties,
      ObjectProvider<DevIssuer> devIssuer,
      DataSource dataSource,
      Clock clock)
      throws Exception {
    Map<String, String> trusted = new LinkedHashMap<>(properties.trustedIssuers());
    DevIssuer dev = devIssuer.getIfAvailable();
    if (dev != null) {
      for (String host : new String[] {"127.0.0.1", "localhost"}) {
        trusted.putIfAbsent(
            "http://" + host + ":" + dev.port() + "/ehr",
            "http://127.0.0.1:" + dev.port() + "/ehr/jwks");
      }
    }
    http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/cds-services/**"))
        .csrf(csrf -> csrf.disable())
        // Browser-based EHRs call from their own origin; a preflight is answered before any JWT.
        .cors(cors -> cors.configurationSource(corsFor(properties.allowedOrigins())))
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .oauth2ResourceServer(
            resourceServer ->
                resourceServer.authenticationManagerResolver(
                    // Not a bean: Spring Boot would add a token validator bean to the API's own
                    // decoder too, and Carepath's tokens are used for many calls.
                    EhrTokens.resolver(trusted, new UsedTokens(dataSource, clock))));
    return http.build();
  }

  private static CorsConfigurationSource corsFor(java.util.List<String> origins) {
    CorsConfiguration cors = new CorsConfiguration();
    cors.setAllowedOriginPatterns(origins);
    cors.setAllowedMethods(java.util.List.of("GET", "POST", "OPTIONS"));
    cors.setAllowedHeaders(java.util.List.of("Authorization", "Content-Type", "Accept"));
    cors.setAllowCredentials(false);
    cors.setMaxAge(Duration.ofHours(1));
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/cds-services/**", cors);
    source.registerCorsConfiguration("/cds-services", cors);
    return source;
  }

  /** HAPI's refusals (a request the module finds invalid) keep their status. */
  @RestControllerAdvice(assignableTypes = CdsHooksController.class)
  static class Refusals {
    @ExceptionHandler(BaseServerResponseException.class)
    ResponseEntity<Map<String, String>> refused(BaseServerResponseException refused) {
      return ResponseEntity.status(refused.getStatusCode())
          .body(Map.of("error", String.valueOf(refused.getMessage())));
    }
  }

  @Bean
  Refusals cdsHooksRefusals() {
    return new Refusals();
  }
}
