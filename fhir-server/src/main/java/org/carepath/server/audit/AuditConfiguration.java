package org.carepath.server.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.carepath.server.fhir.FhirProperties;
import org.carepath.server.storage.CarepathSchema;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audit (IHE BALP): every access to patient data over the API writes AuditEvents, off the request
 * thread, into an append-only store of their own (nobody writes one over the API); privacy officers
 * read and search them, and clinicians through the access report (docs/security.md, ADR 0010).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditConfiguration {

  /** How many AuditEvents may wait to be stored before requests store their own. */
  static final int QUEUE_CAPACITY = 50_000;

  @Bean
  AuditStore auditStore(JdbcTemplate jdbc, FhirContext fhir, CarepathSchema schema) {
    return new AuditStore(jdbc, fhir);
  }

  @Bean
  AuditWriter auditWriter(
      AuditStore store, PlatformTransactionManager transactionManager, MeterRegistry meters) {
    // Its own transaction also when a request stores its event itself (after its commit).
    AuditWriter writer = new AuditWriter(store, newTransaction(transactionManager), QUEUE_CAPACITY);
    // A backlog that grows under load is audit falling behind (docs/operations.md).
    Gauge.builder("carepath.audit.queued", writer, AuditWriter::queued)
        .description("AuditEvents waiting to be stored")
        .register(meters);
    return writer;
  }

  @Bean
  AuditBackfill auditBackfill(
      DaoRegistry daos,
      AuditStore store,
      JdbcTemplate jdbc,
      PlatformTransactionManager transactionManager,
      Clock clock) {
    return new AuditBackfill(
        daos.getResourceDao(AuditEvent.class),
        store,
        jdbc,
        newTransaction(transactionManager),
        clock);
  }

  /** AuditEvents over the REST API: read and search, nothing else (append-only). */
  @Bean
  AuditEventProvider auditEventProvider(
      AuditStore store, AuditReach reach, AuditTrail trail, FhirProperties fhirProperties) {
    return new AuditEventProvider(
        new AuditEventSearch(store, reach, trail),
        fhirProperties.defaultPageSize(),
        fhirProperties.maxPageSize());
  }

  @Bean
  AuditCapabilities auditCapabilities() {
    return new AuditCapabilities();
  }

  private static TransactionTemplate newTransaction(PlatformTransactionManager transactionManager) {
    TransactionTemplate transactions = new TransactionTemplate(transactionManager);
    transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    return transactions;
  }

  @Bean
  AuditTrail auditTrail(AuditWriter writer, AuditContext context, Clock clock) {
    return new AuditTrail(writer, context, clock);
  }

  /**
   * BALP capture of every REST access. {@code carepath.audit.enabled=false} switches it off — only
   * to measure what audit costs (docs/benchmarks.md); refusals and emergency access are audited
   * either way.
   */
  @Bean
  @ConditionalOnProperty(name = "carepath.audit.enabled", matchIfMissing = true)
  BalpInterceptor balpInterceptor(AuditTrail trail) {
    return new BalpInterceptor(trail);
  }
}
