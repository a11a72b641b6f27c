package org.carepath.server.referral;

import ca.uhn.fhir.interceptor.api.Interceptor;
import java.util.Optional;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.carepath.server.fhir.StoredVersionInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Task;

/**
 * When a referral's tracking Task reaches a state its sender is told of, records the response
 * message to the referral message's sender in the change's own transaction ({@link
 * ReferralReplies}), and schedules its delivery once the change commits. Only translates.
 */
@Interceptor
class ReferralReplyOutbox extends StoredVersionInterceptor {

  private final ReferralReplies replies;

  ReferralReplyOutbox(ReferralReplies replies) {
    this.replies = replies;
  }

  @Override
  protected void stored(IBaseResource previous, IBaseResource resource) {
    if (!(resource instanceof Task after)
        || !(previous instanceof Task before)
        || !ReferralResources.isReferralTask(after)
        || !ReferralReplies.isTold(before, after)) {
      return;
    }
    Optional<String> referral = replies.record(after);
    if (referral.isEmpty()) {
      return;
    }
    // After commit, outside the change's transaction (a losing schedule insert inside it would
    // abort the change); a scheduling lost to a crash right after commit is found by the sweep.
    afterCommit(() -> replies.schedule(referral.get()));
  }
}
