package org.carepath.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores AuditEvents off the request thread, so auditing does not slow requests: events queue in
 * memory and one writer thread appends them to the {@link AuditStore} in batches (one database
 * transaction and one batched insert per batch). When the queue is full the request stores its
 * event itself rather than drop it. On shutdown the queue is drained while the rest of the server
 * still runs (a lifecycle stopped after the web server stops taking requests, before any bean is
 * destroyed: draining at bean destruction found the database closed), and events after that are
 * stored by their request. Events still queued when the process dies are lost (docs/security.md).
 */
class AuditWriter implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
  private static final int BATCH = 200;

  private final AuditStore store;
  private final TransactionTemplate transactions;
  private final BlockingQueue<AuditEvent> queue;
  private final Thread writer;
  private volatile boolean running = true;

  AuditWriter(AuditStore store, TransactionTemplate transactions, int capacity) {
    this.store = store;
    this.transactions = transactions;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::drain, "carepath-audit-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  void record(AuditEvent event) {
    if (!running || !queue.offer(event)) {
      storeBatch(List.of(event));
    }
  }

  /** How many AuditEvents wait to be stored (a gauge: {@code carepath.audit.queued}). */
  int queued() {
    return queue.size();
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
        storeBatch(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Stores a batch in one transaction or, if that fails, each event in its own, so that one event
   * the database refuses loses only itself.
   */
  private void storeBatch(List<AuditEvent> events) {
    try {
      store(events);
    } catch (RuntimeException batchFailed) {
      int lost = 0;
      String cause = batchFailed.getClass().getSimpleName();
      for (AuditEvent event : events) {
        try {
          store(List.of(event));
        } catch (RuntimeException e) {
          lost++;
          cause = e.getClass().getSimpleName();
        }
      }
      if (lost > 0) {
        // Counts only: an AuditEvent names a patient.
        log.error("Could not store {} of {} AuditEvents: {}", lost, events.size(), cause);
      }
    }
  }

  private void store(List<AuditEvent> events) {
    transactions.executeWithoutResult(status -> store.append(events));
  }

  @Override
  public void start() {
    // The writer runs from construction: events may be recorded before the context has started.
  }

  /** Stops taking the queue after storing what is in it. */
  @Override
  public void stop() {
    long started = System.nanoTime();
    int queued = queue.size();
    running = false;
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // What the writer left (a backlog larger than it stores in the wait) and what a request queued
    // as it finished, in batches of the writer's size.
    List<AuditEvent> rest = new ArrayList<>(BATCH);
    while (queue.drainTo(rest, BATCH) > 0) {
      storeBatch(rest);
      rest.clear();
    }
    // The writer's own last batch, taken as the queue emptied, is stored before the database
    // closes (it found the database closed and lost 200 events: docs/benchmarks.md run 99).
    try {
      writer.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (queued > 0) {
      log.info(
          "Stored the {} AuditEvents queued at shutdown in {} ms",
          queued,
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stopped after the web server (which stops in a later phase) and its last requests. */
  @Override
  public int getPhase() {
    return 0;
  }
}
