package org.carepath.server.webapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carepath.server.security.DevIssuer;
import org.carepath.server.security.SecurityProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web app: static files from the web-app module under {@code /app/}, {@code /} and the SMART
 * launch address {@code /launch} opening it, and its sign-in settings. The app is public; every
 * call it makes to {@code /fhir} carries the user's token and is decided by the API
 * (docs/web-app.md).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebAppProperties.class)
public class WebAppConfiguration {

  static final String INDEX = "META-INF/resources/app/index.html";

  @Bean
  WebAppSettings webAppSettings(
      WebAppProperties properties, SecurityProperties security, ObjectProvider<DevIssuer> dev) {
    String issuer = properties.issuer();
    if (!StringUtils.hasText(issuer)) {
      issuer = security.hasExternalIssuer() ? security.issuerUri() : devIssuerUri(dev);
    }
    return new WebAppSettings(issuer, properties.clientId(), properties.scope(), "/fhir");
  }

  private static String devIssuerUri(ObjectProvider<DevIssuer> dev) {
    DevIssuer issuer = dev.getIfAvailable();
    return issuer == null ? "" : issuer.issuerUri();
  }

  @Bean
  WebAppController webAppController(WebAppSettings settings) {
    return new WebAppController(settings);
  }

  /** An exact mapping outranks the FHIR servlet's {@code /fhir/*}. */
  @Bean
  ServletRegistrationBean<SmartConfiguration> smartConfiguration(WebAppSettings settings) {
    ServletRegistrationBean<SmartConfiguration> registration =
        new ServletRegistrationBean<>(
            new SmartConfiguration(settings), "/fhir/.well-known/smart-configuration");
    registration.setName("smartConfiguration");
    return registration;
  }

  @Bean
  WebMvcConfigurer webAppAddresses() {
    return new WebMvcConfigurer() {
      @Override
      public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", "/app/");
        registry.addRedirectViewController("/app", "/app/");
        registry.addViewController("/app/").setViewName("forward:/app/index.html");
        registry.addViewController("/launch").setViewName("forward:/app/index.html");
      }
    };
  }

  /** Before the API's chain: the app's files need no token, and get a strict CSP. */
  @Bean
  @Order(1)
  SecurityFilterChain webAppSecurity(HttpSecurity http, WebAppSettings settings) throws Exception {
    var paths = PathPatternRequestMatcher.withDefaults();
    String policy = contentSecurityPolicy(settings.issuer(), importMapHash());
    http.securityMatcher(
            new OrRequestMatcher(
                paths.matcher("/"),
                paths.matcher("/app"),
                paths.matcher("/app/**"),
                paths.matcher("/launch"),
                paths.matcher(HttpMethod.GET, "/fhir/.well-known/smart-configuration")))
        .csrf(csrf -> csrf.disable())
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(policy)));
    return http.build();
  }

  /**
   * Scripts only from the server itself (and the page's import map, by its hash); calls only to the
   * server and the issuer; no frames, no plugins, no inline styles.
   */
  static String contentSecurityPolicy(String issuer, String importMapHash) {
    String issuerOrigin = "";
    if (StringUtils.hasText(issuer)) {
      URI uri = URI.create(issuer);
      issuerOrigin = " " + uri.getScheme() + "://" + uri.getAuthority();
    }
    return "default-src 'self'; script-src 'self' 'sha256-"
        + importMapHash
        + "'; style-src 'self'; img-src 'self' data:; connect-src 'self'"
        + issuerOrigin
        + "; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'"
        + issuerOrigin;
  }

  private static final Pattern IMPORT_MAP =
      Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);

  /** The SHA-256 of the index page's import map, the one inline script the CSP allows. */
  static String importMapHash() {
    String index;
    try (InputStream in = new ClassPathResource(INDEX).getInputStream()) {
      index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "The web app is missing from the classpath (" + INDEX + ")", e);
    }
    Matcher importMap = IMPORT_MAP.matcher(index);
    if (!importMap.find()) {
      throw new IllegalStateException("The web app's index.html has no import map");
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(importMap.group(1).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
