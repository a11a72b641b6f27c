package org.carepath.server.conformance;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Carepath's FHIR package and terminology: loaded into the server at start-up, enforced on every
 * write, advertised in the CapabilityStatement.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConformanceProperties.class)
public class ConformanceConfiguration {

  /** The package's resources, read once from the classpath. */
  /** The package's resources, as loaded at start-up. */
  public record PackageResources(java.util.List<ConformancePackage.Entry> entries) {

    /** Every resource of the type. */
    public <T> java.util.List<T> ofType(Class<T> type) {
      return entries.stream()
          .map(ConformancePackage.Entry::resource)
          .filter(type::isInstance)
          .map(type::cast)
          .toList();
    }

    /** The CodeSystem with this canonical URL; the package must have it. */
    public org.hl7.fhir.r4.model.CodeSystem codeSystem(String url) {
      return ofType(org.hl7.fhir.r4.model.CodeSystem.class).stream()
          .filter(codeSystem -> url.equals(codeSystem.getUrl()))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("the terminology has no CodeSystem " + url));
    }
  }

  @Bean
  PackageResources packageResources(FhirContext fhirContext) {
    return new PackageResources(ConformancePackage.load(fhirContext));
  }

  @Bean
  CarepathValidator carepathValidator(FhirContext fhirContext, PackageResources resources) {
    return new CarepathValidator(fhirContext, resources.entries());
  }

  /**
   * Registered with the storage layer's interceptor service, so every write is validated: REST
   * requests, transaction entries and the server's own loaders alike.
   */
  @Bean
  ProfileValidationInterceptor profileValidationInterceptor(
      CarepathValidator validator,
      FhirContext fhirContext,
      IInterceptorService storageInterceptors,
      ConformanceProperties properties) {
    ProfileValidationInterceptor interceptor =
        new ProfileValidationInterceptor(
            new WriteValidation(validator, properties.plainResources()), fhirContext);
    if (properties.validateOnWrite()) {
      storageInterceptors.registerInterceptor(interceptor);
    }
    return interceptor;
  }

  @Bean
  ConformanceLoader conformanceLoader(
      PackageResources resources,
      CarepathValidator validator,
      DaoRegistry daoRegistry,
      ISearchParamRegistry searchParamRegistry,
      IJobCoordinator jobs) {
    return new ConformanceLoader(
        resources.entries(), validator, daoRegistry, searchParamRegistry, jobs);
  }

  @Bean
  ExpansionVersionInterceptor expansionVersionInterceptor(PackageResources resources) {
    return new ExpansionVersionInterceptor(resources.ofType(org.hl7.fhir.r4.model.ValueSet.class));
  }

  @Bean
  CapabilityStatementInterceptor capabilityStatementInterceptor(PackageResources resources) {
    return new CapabilityStatementInterceptor(resources.entries());
  }
}
