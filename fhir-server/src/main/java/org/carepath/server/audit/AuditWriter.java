package org.carepath.server.audit;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.carepath.server.conformance.ServerAuthoredWrites;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores AuditEvents off the request thread, so auditing does not slow requests: events queue in
 * memory and one writer thread stores them in batches (one transaction per batch, as the server).
 * When the queue is full the request stores its event itself rather than drop it. On shutdown the
 * queue is drained. Events still queued when the process dies are lost (docs/security.md).
 */
class AuditWriter {

  private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
  private static final int BATCH = 200;

  private final IFhirSystemDao<Bundle, Meta> systemDao;
  private final BlockingQueue<AuditEvent> queue;
  private final Thread writer;
  private volatile boolean running = true;

  AuditWriter(IFhirSystemDao<Bundle, Meta> systemDao, int capacity) {
    this.systemDao = systemDao;
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
    Bundle transaction = new Bundle();
    transaction.setType(Bundle.BundleType.TRANSACTION);
    for (AuditEvent event : events) {
      transaction
          .addEntry()
          .setResource(event)
          .getRequest()
          .setMethod(Bundle.HTTPVerb.POST)
          .setUrl("AuditEvent");
    }
    systemDao.transaction(ServerAuthoredWrites.request(), transaction);
  }

  /** Stops taking the queue after storing what is in it. */
  void stop() throws InterruptedException {
    running = false;
    writer.join(10_000);
  }
}
