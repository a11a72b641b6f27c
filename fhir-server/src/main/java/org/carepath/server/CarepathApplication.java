package org.carepath.server;

import java.time.Clock;
import org.carepath.server.access.AccessConfiguration;
import org.carepath.server.audit.AuditConfiguration;
import org.carepath.server.bulkexport.BulkExportConfiguration;
import org.carepath.server.bulkimport.BulkImportConfiguration;
import org.carepath.server.careplan.CarePlanConfiguration;
import org.carepath.server.cdshooks.CdsHooksConfiguration;
import org.carepath.server.conformance.ConformanceConfiguration;
import org.carepath.server.demo.DemoConfiguration;
import org.carepath.server.fhir.FhirServerConfiguration;
import org.carepath.server.kpi.KpiConfiguration;
import org.carepath.server.operations.OperationsConfiguration;
import org.carepath.server.organisation.OrganisationConfiguration;
import org.carepath.server.pathway.PathwayConfiguration;
import org.carepath.server.ratelimit.RateLimitConfiguration;
import org.carepath.server.referral.ReferralConfiguration;
import org.carepath.server.risk.RiskConfiguration;
import org.carepath.server.scheduling.SchedulingConfiguration;
import org.carepath.server.security.SecurityConfiguration;
import org.carepath.server.storage.StorageConfiguration;
import org.carepath.server.subscription.SubscriptionConfiguration;
import org.carepath.server.webapp.WebAppConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Carepath: a FHIR R4 server (HAPI FHIR JPA on PostgreSQL) with care-pathway coordination.
 *
 * <p>Each feature brings its own configuration class with explicit beans; nothing is found by
 * component scanning. The API is served at {@code /fhir}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
    exclude = {
      // HAPI ships an Elasticsearch client; we do not use it (no connection errors in logs).
      ElasticsearchRestClientAutoConfiguration.class,
      // HAPI manages its own schema and its own EntityManagerFactory.
      FlywayAutoConfiguration.class,
      HibernateJpaAutoConfiguration.class
    })
@Import({
  StorageConfiguration.class,
  FhirServerConfiguration.class,
  RateLimitConfiguration.class,
  ConformanceConfiguration.class,
  SecurityConfiguration.class,
  SchedulingConfiguration.class,
  OrganisationConfiguration.class,
  AccessConfiguration.class,
  AuditConfiguration.class,
  RiskConfiguration.class,
  PathwayConfiguration.class,
  CarePlanConfiguration.class,
  KpiConfiguration.class,
  ReferralConfiguration.class,
  SubscriptionConfiguration.class,
  CdsHooksConfiguration.class,
  BulkExportConfiguration.class,
  BulkImportConfiguration.class,
  DemoConfiguration.class,
  WebAppConfiguration.class,
  OperationsConfiguration.class
})
public class CarepathApplication {

  /** The one source of time; tests and simulations replace it. */
  @Bean
  Clock clock() {
    return Clock.systemDefaultZone();
  }

  public static void main(String[] args) {
    SpringApplication.run(CarepathApplication.class, args);
  }
}
