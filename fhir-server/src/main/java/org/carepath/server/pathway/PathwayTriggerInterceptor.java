package org.carepath.server.pathway;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import java.time.Clock;
import org.carepath.coordination.pathway.PathwayTriggerPolicy;
import org.carepath.coordination.pathway.fhir.RecordEvents;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * Pathways started or moved by data, whoever writes it: a write whose data may start or move a
 * pathway ({@link PathwayTriggerPolicy#mayAct}) records, in its own transaction, that its trigger
 * is due — a db-scheduler execution keyed by the resource version, so a repeat is harmless. {@link
 * PathwayTriggerJob} runs it after commit.
 */
@Interceptor
class PathwayTriggerInterceptor {

  private final RecordEvents events;
  private final PathwayTriggerPolicy policy;
  private final SchedulerClient scheduler;
  private final Clock clock;

  PathwayTriggerInterceptor(
      RecordEvents events, PathwayTriggerPolicy policy, SchedulerClient scheduler, Clock clock) {
    this.events = events;
    this.policy = policy;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    updated(null, resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    if (events.of(previous, resource, clock.instant()).stream().anyMatch(policy::mayAct)) {
      scheduler.scheduleIfNotExists(
          PathwayTriggerJob.TRIGGER
              .instance(PathwayTriggerJob.instanceId((Resource) resource))
              .scheduledTo(clock.instant()));
    }
  }
}
