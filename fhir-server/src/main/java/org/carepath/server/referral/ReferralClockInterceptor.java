package org.carepath.server.referral;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Task;

/**
 * Every referral Task write, whoever makes it, keeps the referral's acceptance clock and, when a
 * HOT clinic accepts, records that the HOT clinic pathway is due ({@link ReferralClocks}), in the
 * write's transaction.
 */
@Interceptor
class ReferralClockInterceptor {

  private final ReferralClocks clocks;

  ReferralClockInterceptor(ReferralClocks clocks) {
    this.clocks = clocks;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    if (resource instanceof Task task && ReferralResources.isReferralTask(task)) {
      clocks.keep(task);
    }
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    if (resource instanceof Task task && ReferralResources.isReferralTask(task)) {
      clocks.keep(task);
      if (previous instanceof Task before) {
        clocks.acceptedNow(before, task);
      }
    }
  }
}
