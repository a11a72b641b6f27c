package org.carepath.server.scheduling;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How every feature's scheduled work is retried when it fails, and how recurring work comes round:
 * again after 5 s, then with the delay doubling each time (db-scheduler's exponential back-off), so
 * a passing fault (a deadlock, a restarting database) heals by itself and a lasting one does not
 * flood the log.
 */
public final class Retries {

  /** The first retry's delay. */
  public static final Duration FIRST_RETRY_AFTER = Duration.ofSeconds(5);

  private Retries() {}

  public static <T> FailureHandler<T> withBackoff() {
    return new FailureHandler.ExponentialBackoffFailureHandler<>(FIRST_RETRY_AFTER);
  }

  /**
   * The wait before try {@code attempts + 1} of a delivery that failed {@code attempts} times:
   * {@code first}, doubling with each failure, never more than {@code max}.
   */
  public static Duration doubling(Duration first, Duration max, int attempts) {
    Duration wait = first;
    for (int i = 1; i < attempts && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) > 0 ? max : wait;
  }

  /** Completes recurring work: runs it again at {@code next}, or removes it when there is none. */
  public static <T> CompletionHandler<T> againAtOrRemove(Optional<Instant> next) {
    if (next.isPresent()) {
      Instant at = next.get();
      return (complete, operations) -> operations.reschedule(complete, at);
    }
    return new CompletionHandler.OnCompleteRemove<>();
  }
}
