package org.carepath.server.bulkimport;

import static org.carepath.server.fhir.StoredVersionInterceptor.onStorage;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import org.carepath.coordination.access.BulkImportPolicy;
import org.carepath.coordination.access.fhir.RecordPatients;
import org.carepath.server.audit.AuditTrail;
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
      FhirContext fhirContext,
      ImportAudit audit) {
    return new BulkImportInterceptor(policy, activities, properties, fhirContext, audit);
  }

  @Bean
  ImportAudit importAudit(AuditTrail audit, FhirContext fhirContext) {
    return new ImportAudit(audit, new RecordPatients(fhirContext));
  }

  @Bean
  BulkImportAuditInterceptor bulkImportAuditInterceptor(
      ImportAudit audit, IInterceptorService storageInterceptors) {
    return onStorage(storageInterceptors, new BulkImportAuditInterceptor(audit));
  }
}
