package org.carepath.server.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.SearchParameter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audit (IHE BALP): every access to patient data over the API writes AuditEvents, off the request
 * thread; AuditEvents are append-only (nobody writes one over the API) and read by privacy officers
 * and through the access report (docs/security.md).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditConfiguration {

  /** How many AuditEvents may wait to be stored before requests store their own. */
  static final int QUEUE_CAPACITY = 50_000;

  @Bean
  AuditWriter auditWriter(
      DaoRegistry daos,
      EntityManagerFactory entityManagerFactory,
      PlatformTransactionManager transactionManager,
      MeterRegistry meters) {
    // Its own transaction also when a request stores its event itself (after its commit).
    TransactionTemplate transactions = new TransactionTemplate(transactionManager);
    transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    AuditWriter writer =
        new AuditWriter(
            daos.getResourceDao(AuditEvent.class),
            SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory),
            transactions,
            QUEUE_CAPACITY);
    // A backlog that grows under load is audit falling behind (docs/operations.md).
    Gauge.builder("carepath.audit.queued", writer, AuditWriter::queued)
        .description("AuditEvents waiting to be stored")
        .register(meters);
    return writer;
  }

  @Bean
  AuditIndexing auditIndexing(
      FhirContext fhir,
      DaoRegistry daos,
      ISearchParamRegistry searchParamRegistry,
      AuditProperties properties) {
    return new AuditIndexing(
        fhir,
        daos.getResourceDao(SearchParameter.class),
        searchParamRegistry,
        properties.unindexedSearchParameters());
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
