package org.carepath.server.audit;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Copies the AuditEvents HAPI stored before the audit store existed into it, once, at start-up
 * ({@code cp_audit_state} records how far it got and that it is done, so a restart part-way resumes
 * without copying an event twice). They get new ids in the store; HAPI's copies stay where they
 * were, no longer served over the API.
 */
class AuditBackfill implements ApplicationRunner, Ordered {

  private static final Logger log = LoggerFactory.getLogger(AuditBackfill.class);
  private static final int BATCH = 500;

  private final IFhirResourceDao<AuditEvent> hapiEvents;
  private final AuditStore store;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final Clock clock;

  AuditBackfill(
      IFhirResourceDao<AuditEvent> hapiEvents,
      AuditStore store,
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      Clock clock) {
    this.hapiEvents = hapiEvents;
    this.store = store;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) {
    Long through =
        jdbc.queryForObject(
            "select copied_through from cp_audit_state where done_at is null", Long.class);
    if (through == null) {
      return;
    }
    int copied = copyAfter(through);
    jdbc.update("update cp_audit_state set done_at = ?", Timestamp.from(clock.instant()));
    if (copied > 0) {
      log.info("Copied {} AuditEvents from HAPI's storage into the audit store", copied);
    }
  }

  /**
   * Copies the AuditEvents HAPI holds whose resource id is above {@code through}, in order and in
   * batches, each batch with the progress it makes; how many.
   */
  int copyAfter(long through) {
    SystemRequestDetails request = new SystemRequestDetails();
    List<JpaPid> ids =
        hapiEvents.<JpaPid>searchForIds(SearchParameterMap.newSynchronous(), request).stream()
            .filter(pid -> pid.getId() > through)
            .sorted(Comparator.comparing(JpaPid::getId))
            .toList();
    for (int from = 0; from < ids.size(); from += BATCH) {
      List<JpaPid> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
      transactions.executeWithoutResult(
          status -> {
            List<AuditEvent> events = new ArrayList<>(batch.size());
            for (JpaPid id : batch) {
              AuditEvent event = hapiEvents.readByPid(id);
              event.setIdElement(null);
              event.getMeta().setVersionId(null).setLastUpdated(null).setSource(null);
              events.add(event);
            }
            store.append(events);
            jdbc.update(
                "update cp_audit_state set copied_through = ?",
                batch.get(batch.size() - 1).getId());
          });
    }
    return ids.size();
  }

  /** After the access relationships (6), before the demo population (10). */
  @Override
  public int getOrder() {
    return 7;
  }
}
