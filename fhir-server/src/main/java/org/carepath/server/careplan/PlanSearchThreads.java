package org.carepath.server.careplan;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads {@code $shared-care-plan} makes its independent searches on, so that one answer waits
 * on the database once rather than once per part. A fixed number, shared by all requests (a burst
 * of requests queues here instead of taking every database connection); stopped with the server.
 */
final class PlanSearchThreads implements AutoCloseable {

  private final ExecutorService threads;

  PlanSearchThreads(int count) {
    AtomicInteger made = new AtomicInteger();
    ThreadFactory named =
        task -> {
          Thread thread = new Thread(task, "shared-care-plan-search-" + made.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    this.threads = Executors.newFixedThreadPool(count, named);
  }

  ExecutorService executor() {
    return threads;
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
