package org.carepath.server.referral;

import ca.uhn.fhir.interceptor.api.Interceptor;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.carepath.server.fhir.StoredVersionInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Task;

/**
 * Every referral Task write, whoever makes it, keeps the referral's acceptance clock and, when a
 * HOT clinic accepts, records that the HOT clinic pathway is due ({@link ReferralClocks}), in the
 * write's transaction.
 */
@Interceptor
class ReferralClockInterceptor extends StoredVersionInterceptor {

  private final ReferralClocks clocks;

  ReferralClockInterceptor(ReferralClocks clocks) {
    this.clocks = clocks;
  }

  @Override
  protected void stored(IBaseResource previous, IBaseResource resource) {
    if (resource instanceof Task task && ReferralResources.isReferralTask(task)) {
      clocks.keep(task);
      if (previous instanceof Task before) {
        clocks.acceptedNow(before, task);
      }
    }
  }
}
