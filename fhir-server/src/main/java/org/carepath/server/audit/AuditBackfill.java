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
    if (jdbc.queryForList("select 1 from cp_audit_state where done_at is null", Integer.class)
        .isEmpty()) {
      return;
    }
    int copied = copy();
    jdbc.update("update cp_audit_state set done_at = ?", Timestamp.from(clock.instant()));
    if (copied > 0) {
      log.info("Copied {} AuditEvents from HAPI's storage into the audit store", copied);
    }
  }

  /**
   * Copies the AuditEvents HAPI holds that are not yet copied, in the order of HAPI's resource ids
   * and in batches, each batch in one transaction with the progress it makes (the progress row
   * locked: a second replica starting at once waits, then copies only what is left); how many.
   */
  int copy() {
    SystemRequestDetails request = new SystemRequestDetails();
    List<JpaPid> ids =
        hapiEvents.<JpaPid>searchForIds(SearchParameterMap.newSynchronous(), request).stream()
            .sorted(Comparator.comparing(JpaPid::getId))
            .toList();
    int copied = 0;
    while (true) {
      Integer batch =
          transactions.execute(
              status -> {
                Long through =
                    jdbc.queryForObject(
                        "select copied_through from cp_audit_state for update", Long.class);
                List<JpaPid> next =
                    ids.stream().filter(pid -> pid.getId() > through).limit(BATCH).toList();
                if (next.isEmpty()) {
                  return 0;
                }
                List<AuditEvent> events = new ArrayList<>(next.size());
                for (JpaPid id : next) {
                  AuditEvent event = hapiEvents.readByPid(id);
                  event.setIdElement(null);
                  event.getMeta().setVersionId(null).setLastUpdated(null).setSource(null);
                  events.add(event);
                }
                store.append(events);
                jdbc.update(
                    "update cp_audit_state set copied_through = ?",
                    next.get(next.size() - 1).getId());
                return next.size();
              });
      if (batch == null || batch == 0) {
        return copied;
      }
      copied += batch;
    }
  }

  /** After the access relationships (6), before the demo population (10). */
  @Override
  public int getOrder() {
    return 7;
  }
}
