package org.carepath.server.risk;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills the risk projection from the FHIR data written before it existed (a database from an
 * earlier Carepath version), once per record type ({@code cp_risk_projection_type}): every Patient,
 * Condition, Observation, MedicationStatement and MedicationRequest is projected as if it had just
 * been written, in batches, then its type is marked built — so a type a later version adds (the
 * MedicationRequests, migration V13) is filled on its own, not the whole record again. Interrupted,
 * a type starts again at the next start-up (projecting a record twice gives the same rows). Logs
 * counts only.
 */
class RiskProjectionBackfill implements ApplicationRunner, Ordered {

  private static final Logger log = LoggerFactory.getLogger(RiskProjectionBackfill.class);
  private static final int BATCH = 500;
  private static final List<Class<? extends IBaseResource>> TYPES =
      List.of(
          Patient.class,
          Condition.class,
          Observation.class,
          MedicationStatement.class,
          MedicationRequest.class);

  private final DaoRegistry daoRegistry;
  private final RiskFactProjection projection;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final Clock clock;

  RiskProjectionBackfill(
      DaoRegistry daoRegistry,
      RiskFactProjection projection,
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      Clock clock) {
    this.daoRegistry = daoRegistry;
    this.projection = projection;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) {
    java.util.Set<String> built =
        new java.util.HashSet<>(
            jdbc.queryForList("select resource_type from cp_risk_projection_type", String.class));
    long started = System.nanoTime();
    int projected = 0;
    for (Class<? extends IBaseResource> type : TYPES) {
      String name = type.getSimpleName();
      if (built.contains(name)) {
        continue;
      }
      projected += backfill(daoRegistry.getResourceDao(type));
      jdbc.update(
          "insert into cp_risk_projection_type (resource_type, built_at) values (?, ?)",
          name,
          Timestamp.from(clock.instant()));
    }
    if (projected > 0) {
      log.info(
          "Risk projection filled from {} existing records in {} ms",
          projected,
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  private <T extends IBaseResource> int backfill(IFhirResourceDao<T> dao) {
    SystemRequestDetails request = new SystemRequestDetails();
    var ids = dao.searchForResourceIds(SearchParameterMap.newSynchronous(), request);
    for (int from = 0; from < ids.size(); from += BATCH) {
      var batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
      transactions.executeWithoutResult(
          status -> batch.forEach(id -> projection.project(dao.read(id, request), false, null)));
    }
    return ids.size();
  }

  /** After the conformance package (0), before the demo population (10). */
  @Override
  public int getOrder() {
    return 5;
  }
}
