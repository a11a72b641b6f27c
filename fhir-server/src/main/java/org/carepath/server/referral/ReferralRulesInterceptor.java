package org.carepath.server.referral;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Optional;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * The clinical rules a referral must meet before it is sent, whoever sends it and however (plain
 * create or transaction Bundle; checked before commit, after a Bundle's references are resolved): a
 * new referral, or a draft that becomes active, that breaks one (the falls rule) is refused with
 * 422 and nothing is stored. Task ids {@code referral-*} are kept for Carepath's tracking Tasks.
 * Runs before {@link ReferralRoutingInterceptor}, so a refused referral is not routed.
 */
@Interceptor(order = ReferralRulesInterceptor.ORDER)
class ReferralRulesInterceptor {

  static final int ORDER = 100;

  private final Referrals referrals;

  ReferralRulesInterceptor(Referrals referrals) {
    this.referrals = referrals;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource, RequestDetails request) {
    if (resource instanceof ServiceRequest referral
        && ReferralResources.isReferral(referral)
        && referral.getStatus() != ServiceRequest.ServiceRequestStatus.DRAFT) {
      check(referral);
    } else if (resource instanceof Task task
        && !ReferralWrites.isWorkflow(request)
        && TrackingTasks.isCarepathsId(task.getIdElement().getIdPart())) {
      throw new UnprocessableEntityException(
          "Task ids beginning '"
              + TrackingTasks.ID_PREFIX
              + "' are kept for the tracking Tasks Carepath creates: create the Task with POST,"
              + " or another id.");
    }
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    if (resource instanceof ServiceRequest after
        && previous instanceof ServiceRequest before
        && ReferralResources.isReferral(after)
        && before.getStatus() == ServiceRequest.ServiceRequestStatus.DRAFT
        && after.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE) {
      check(after);
    }
  }

  private void check(ServiceRequest referral) {
    Optional<String> refused = referrals.refusal(referral);
    if (refused.isPresent()) {
      throw new UnprocessableEntityException(refused.get());
    }
  }
}
