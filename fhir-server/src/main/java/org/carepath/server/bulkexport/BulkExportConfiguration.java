package org.carepath.server.bulkexport;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.carepath.coordination.access.BulkExportPolicy;
import org.carepath.server.access.PatientAccess;
import org.carepath.server.audit.AuditTrail;
import org.carepath.server.security.RoleActivities;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * FHIR Bulk Data export ({@code $export}: system, {@code Patient/}, {@code Group/[id]/}) by HAPI's
 * export job, under the access model (docs/security.md, "Bulk export").
 */
@Configuration(proxyBeanMethods = false)
public class BulkExportConfiguration {

  @Bean
  BulkExportPolicy bulkExportPolicy() {
    return new BulkExportPolicy();
  }

  @Bean
  BulkExportAccess bulkExportAccess(
      BulkExportPolicy policy,
      PatientAccess access,
      RoleActivities activities,
      DaoRegistry daoRegistry,
      AuditTrail audit) {
    return new BulkExportAccess(policy, access, activities, daoRegistry, audit);
  }

  @Bean
  BulkExportInterceptor bulkExportInterceptor(BulkExportAccess access, IJobCoordinator jobs) {
    return new BulkExportInterceptor(access, jobs);
  }

  /** On the storage layer: HAPI's export job asks there, not on the REST server. */
  @Bean
  ExportInclusionInterceptor exportInclusionInterceptor(
      BulkExportAccess access, IInterceptorService storageInterceptors) {
    ExportInclusionInterceptor interceptor = new ExportInclusionInterceptor(access);
    storageInterceptors.registerInterceptor(interceptor);
    return interceptor;
  }

  @Bean
  ExportFileAccessInterceptor exportFileAccessInterceptor(
      FhirContext fhirContext, BulkExportAccess access) {
    return new ExportFileAccessInterceptor(fhirContext, access);
  }
}
