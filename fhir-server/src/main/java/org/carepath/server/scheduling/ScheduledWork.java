package org.carepath.server.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.springframework.context.SmartLifecycle;

/**
 * Runs this replica's share of scheduled work from when the application has started until it stops
 * (waiting for running work to finish, up to db-scheduler's limit; unfinished work is run again).
 */
public final class ScheduledWork implements SmartLifecycle {

  private final Scheduler scheduler;
  private final boolean enabled;
  private volatile boolean running;

  ScheduledWork(Scheduler scheduler, boolean enabled) {
    this.scheduler = scheduler;
    this.enabled = enabled;
  }

  /** Looks for due work now rather than at the next poll. */
  public void checkNow() {
    if (enabled && running) {
      scheduler.triggerCheckForDueExecutions();
    }
  }

  @Override
  public void start() {
    if (enabled) {
      scheduler.start();
    }
    running = true;
  }

  @Override
  public void stop() {
    if (enabled) {
      scheduler.stop();
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
