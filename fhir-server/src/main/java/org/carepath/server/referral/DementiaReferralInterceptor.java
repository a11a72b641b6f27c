package org.carepath.server.referral;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import java.time.Clock;
import org.carepath.coordination.pathway.fhir.ConditionGroupCodes;
import org.carepath.coordination.referral.DementiaReferralPolicy;
import org.carepath.coordination.referral.fhir.DementiaReferralMapper;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;

/**
 * A confirmed dementia diagnosis ({@link DementiaReferralPolicy}) records, in its transaction, that
 * the post-diagnostic support referral is due (keyed by the Condition version); {@link
 * DementiaReferralJob} sends it after commit.
 */
@Interceptor
class DementiaReferralInterceptor {

  private final DementiaReferralPolicy policy;
  private final ConditionGroupCodes groups;
  private final SchedulerClient scheduler;
  private final Clock clock;

  DementiaReferralInterceptor(
      DementiaReferralPolicy policy,
      ConditionGroupCodes groups,
      SchedulerClient scheduler,
      Clock clock) {
    this.policy = policy;
    this.groups = groups;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    updated(null, resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    if (resource instanceof Condition condition
        && policy.isConfirmedDementia(
            groups.groupsOf(condition), DementiaReferralMapper.verificationStatuses(condition))) {
      String instance =
          "Condition/"
              + condition.getIdElement().getIdPart()
              + "/"
              + condition.getIdElement().getVersionIdPart();
      scheduler.scheduleIfNotExists(
          DementiaReferralJob.REFER.instance(instance).scheduledTo(clock.instant()));
    }
  }
}
