package org.carepath.server.careplan;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads {@code $shared-care-plan} reads a person's record on, so that its independent
 * searches (plans with their parts, referrals, risk results, end-of-life entries, provenance) run
 * side by side rather than one after another. Bounded: when every thread is busy and the queue is
 * full, the request's own thread does the work. Not an {@code Executor} bean, so that Spring's own
 * task executor is left as it is.
 */
final class CarePlanReads implements AutoCloseable {

  private static final int QUEUE = 256;

  private final ThreadPoolExecutor threads;

  CarePlanReads(int size) {
    AtomicInteger count = new AtomicInteger();
    threads =
        new ThreadPoolExecutor(
            size,
            size,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(QUEUE),
            work -> {
              Thread thread = new Thread(work, "care-plan-read-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    threads.allowCoreThreadTimeOut(true);
  }

  /** Starts {@code read} on a read thread. */
  <T> CompletableFuture<T> start(Supplier<T> read) {
    return CompletableFuture.supplyAsync(read, threads);
  }

  /** The read's answer, its failure rethrown as it was thrown. */
  static <T> T await(CompletableFuture<T> read) {
    try {
      return read.join();
    } catch (CompletionException failed) {
      if (failed.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (failed.getCause() instanceof Error error) {
        throw error;
      }
      throw failed;
    }
  }

  @Override
  public void close() {
    threads.shutdown();
  }
}
