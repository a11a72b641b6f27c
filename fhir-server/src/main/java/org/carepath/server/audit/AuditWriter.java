package org.carepath.server.audit;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.carepath.server.conformance.ServerAuthoredWrites;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores AuditEvents off the request thread, so auditing does not slow requests: events queue in
 * memory and one writer thread stores them in batches (one database transaction per batch, as the
 * server; each event a plain create, which HAPI stores in one pass where a transaction Bundle
 * stores and then re-indexes each entry — docs/benchmarks.md run 92). When the queue is full the
 * request stores its event itself rather than drop it. On shutdown the queue is drained. Events
 * still queued when the process dies are lost (docs/security.md).
 */
class AuditWriter {

  private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
  private static final int BATCH = 200;

  private final IFhirResourceDao<AuditEvent> dao;
  private final TransactionTemplate transactions;
  private final BlockingQueue<AuditEvent> queue;
  private final Thread writer;
  private volatile boolean running = true;

  AuditWriter(IFhirResourceDao<AuditEvent> dao, TransactionTemplate transactions, int capacity) {
    this.dao = dao;
    this.transactions = transactions;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::drain, "carepath-audit-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  void record(AuditEvent event) {
    if (!queue.offer(event)) {
      store(List.of(event));
    }
  }

  private void drain() {
    List<AuditEvent> batch = new ArrayList<>(BATCH);
    while (running || !queue.isEmpty()) {
      try {
        AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        store(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // Counts only: an AuditEvent names a patient.
        log.error("Could not store {} AuditEvents: {}", batch.size(), e.getClass().getSimpleName());
      } finally {
        batch.clear();
      }
    }
  }

  private void store(List<AuditEvent> events) {
    transactions.executeWithoutResult(
        status -> {
          SystemRequestDetails request = ServerAuthoredWrites.request();
          for (AuditEvent event : events) {
            dao.create(event, request);
          }
        });
  }

  /** Stops taking the queue after storing what is in it. */
  void stop() throws InterruptedException {
    running = false;
    writer.join(10_000);
  }
}
