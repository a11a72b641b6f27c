package org.carepath.server.scheduling;

import ca.uhn.fhir.interceptor.api.Interceptor;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import java.time.Clock;
import org.carepath.server.fhir.StoredVersionInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;

/**
 * Work a stored resource version makes due, recorded in the write's own transaction: a db-scheduler
 * execution keyed {@code Type/id/version} (so a repeat is harmless), run after commit by one
 * replica, retried if it fails ({@link Retries}). The work reads that version back with {@link
 * #version}.
 */
@Interceptor
public final class WorkOnWrite extends StoredVersionInterceptor {

  /** Whether a stored version makes the work due (asked before commit: no reads). */
  @FunctionalInterface
  public interface Due {
    boolean test(IBaseResource previous, IBaseResource current);
  }

  private final TaskDescriptor<Void> work;
  private final Due due;
  private final SchedulerClient scheduler;
  private final Clock clock;

  public WorkOnWrite(TaskDescriptor<Void> work, Due due, SchedulerClient scheduler, Clock clock) {
    this.work = work;
    this.due = due;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  @Override
  protected void stored(IBaseResource previous, IBaseResource resource) {
    if (due.test(previous, resource)) {
      IIdType id = resource.getIdElement();
      String instance = resource.fhirType() + "/" + id.getIdPart() + "/" + id.getVersionIdPart();
      scheduler.scheduleIfNotExists(work.instance(instance).scheduledTo(clock.instant()));
    }
  }

  /** The resource version an execution of the work was recorded for. */
  public static IdType version(String instance) {
    String[] parts = instance.split("/");
    if (parts.length != 3) {
      throw new IllegalArgumentException("expected Type/id/version, got " + instance);
    }
    return new IdType(parts[0], parts[1], parts[2]);
  }
}
