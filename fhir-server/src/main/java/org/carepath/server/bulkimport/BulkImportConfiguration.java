package org.carepath.server.bulkimport;

import ca.uhn.fhir.context.FhirContext;
import org.carepath.coordination.access.BulkImportPolicy;
import org.carepath.server.security.RoleActivities;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * FHIR Bulk Data import ({@code $import}) by HAPI's import job, for the integration role and only
 * from the allowed sources (docs/security.md, "Bulk import").
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BulkImportProperties.class)
public class BulkImportConfiguration {

  @Bean
  BulkImportPolicy bulkImportPolicy() {
    return new BulkImportPolicy();
  }

  @Bean
  BulkImportInterceptor bulkImportInterceptor(
      BulkImportPolicy policy,
      RoleActivities activities,
      BulkImportProperties properties,
      FhirContext fhirContext) {
    return new BulkImportInterceptor(policy, activities, properties, fhirContext);
  }
}
