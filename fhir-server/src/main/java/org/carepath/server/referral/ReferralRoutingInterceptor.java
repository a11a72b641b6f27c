package org.carepath.server.referral;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Optional;
import org.carepath.coordination.referral.ReferralLifecyclePolicy;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.carepath.server.fhir.Searches;
import org.carepath.server.security.CurrentUser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * Referral routing on the storage layer, whoever writes them and however (plain create or
 * transaction Bundle; hooks run before commit, after a Bundle's references are resolved): a sent
 * referral (after {@link ReferralRulesInterceptor} accepted it) gets its tracking Task, routed
 * through the service directory, unless the sender sent one — then the sender's Task is routed; a
 * draft is routed when it becomes active; a withdrawn referral's open Task is cancelled. Translates
 * and delegates.
 */
@Interceptor(order = ReferralRulesInterceptor.ORDER + 1)
class ReferralRoutingInterceptor {

  private final Referrals referrals;
  private final ReferralLifecyclePolicy lifecycle;
  private final DaoRegistry daos;

  ReferralRoutingInterceptor(
      Referrals referrals, ReferralLifecyclePolicy lifecycle, DaoRegistry daos) {
    this.referrals = referrals;
    this.lifecycle = lifecycle;
    this.daos = daos;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(
      IBaseResource resource, RequestDetails request, TransactionDetails transaction) {
    if (resource instanceof ServiceRequest referral && ReferralResources.isReferral(referral)) {
      // A draft is not sent yet: it is routed when it becomes active.
      if (referral.getStatus() != ServiceRequest.ServiceRequestStatus.DRAFT) {
        referralCreated(referral, transaction);
      }
    } else if (resource instanceof Task task
        && !ReferralWrites.isWorkflow(request)
        && ReferralResources.isReferralTask(task)) {
      sendersTaskCreated(task);
    }
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(
      IBaseResource previous, IBaseResource resource, TransactionDetails transaction) {
    if (resource instanceof ServiceRequest after
        && previous instanceof ServiceRequest before
        && ReferralResources.isReferral(after)) {
      referralUpdated(before, after, transaction);
    }
  }

  private void referralCreated(ServiceRequest referral, TransactionDetails transaction) {
    String reference = "ServiceRequest/" + referral.getIdElement().getIdPart();
    Optional<String> sender = senderOrganisation(referral);
    TrackingTasks.referralCreated(
        reference,
        referral,
        created -> {
          Task task = referrals.trackingTask(created, sender);
          IdType id = new IdType("Task", TrackingTasks.idFor(created.getIdElement().getIdPart()));
          task.setId(id);
          // The referral is new and its Task's id kept for it (no client may create one): HAPI
          // need not look the id up. The same transaction details also resolve the new referral.
          transaction.addResolvedResourceId(id, null);
          daos.getResourceDao(Task.class)
              .update(task, null, true, false, ReferralWrites.request(), transaction);
        });
  }

  /**
   * A draft that becomes active is sent now; a referral revoked (or entered in error) is withdrawn:
   * its open tracking Task is cancelled with the reason, so the service (and every subscriber)
   * learns of it — refused with 409 once the service has started.
   */
  private void referralUpdated(
      ServiceRequest before, ServiceRequest after, TransactionDetails transaction) {
    ServiceRequest.ServiceRequestStatus was = before.getStatus();
    ServiceRequest.ServiceRequestStatus now = after.getStatus();
    if (was == ServiceRequest.ServiceRequestStatus.DRAFT
        && now == ServiceRequest.ServiceRequestStatus.ACTIVE
        && referrals.trackingTasks(after).isEmpty()) {
      referralCreated(after, transaction);
    } else if (isWithdrawn(now) && !isWithdrawn(was)) {
      for (Task task : referrals.trackingTasks(after)) {
        withdraw(task);
      }
    }
  }

  private void withdraw(Task task) {
    ReferralLifecyclePolicy.Withdrawal withdrawal =
        lifecycle.withdraw(ReferralResources.status(task));
    if (withdrawal instanceof ReferralLifecyclePolicy.Withdrawal.Refused refused) {
      throw new ReferralRefused.Conflict(refused.reason());
    }
    if (withdrawal instanceof ReferralLifecyclePolicy.Withdrawal.CancelTask) {
      Task cancelled = task.copy();
      cancelled.setStatus(Task.TaskStatus.CANCELLED);
      cancelled.setStatusReason(new CodeableConcept().setText(ReferralLifecyclePolicy.WITHDRAWN));
      daos.getResourceDao(Task.class).update(cancelled, ReferralWrites.request());
    }
  }

  private static boolean isWithdrawn(ServiceRequest.ServiceRequestStatus status) {
    return status == ServiceRequest.ServiceRequestStatus.REVOKED
        || status == ServiceRequest.ServiceRequestStatus.ENTEREDINERROR;
  }

  /** A client created the tracking Task (e.g. in the referral's Bundle): routed by Carepath. */
  private void sendersTaskCreated(Task task) {
    String focus = task.getFocus().getReferenceElement().toUnqualifiedVersionless().getValue();
    ServiceRequest referral =
        referrals
            .referral(task)
            .orElseThrow(
                () ->
                    new UnprocessableEntityException(
                        "The Task's focus must be the referral (a ServiceRequest with category"
                            + " patient referral) it tracks."));
    if (task.getStatus() != Task.TaskStatus.REQUESTED) {
      throw new UnprocessableEntityException(
          "A referral's tracking Task starts as requested: the service it is routed to moves it on.");
    }
    TrackingTasks.trackedBySender("ServiceRequest/" + referral.getIdElement().getIdPart());
    String taskId = task.getIdElement().getIdPart();
    Optional<String> alreadyTracked =
        Searches.all(
                daos.getResourceDao(Task.class),
                SearchParameterMap.newSynchronous("focus", new ReferenceParam(focus)))
            .stream()
            .map(other -> other.getIdElement().getIdPart())
            .filter(other -> !other.equals(taskId))
            .findFirst();
    if (alreadyTracked.isPresent()) {
      throw new ReferralRefused.Conflict(
          "This referral is already tracked by Task/"
              + alreadyTracked.get()
              + ": update that Task, or send your own Task in the referral's Bundle (with"
              + " ifNoneExist on the referral number, so a re-send finds it).");
    }
    Task routed = task.copy();
    Referrals.Routing routing = referrals.route(referral);
    // The requester is the referring organisation, so the referrer's subscriptions, searches and
    // changes (cancelling) work whoever in it sent the referral.
    if (!"Organization".equals(routed.getRequester().getReferenceElement().getResourceType())) {
      senderOrganisation(referral).ifPresent(org -> routed.setRequester(new Reference(org)));
    }
    if (!routed.hasIdentifier()) {
      ReferralResources.referralNumber(referral).ifPresent(n -> routed.addIdentifier(n.copy()));
    }
    ReferralResources.applyRouting(routed, routing.decision(), routing.acceptBy());
    daos.getResourceDao(Task.class).update(routed, ReferralWrites.request());
  }

  private Optional<String> senderOrganisation(ServiceRequest referral) {
    Optional<String> sender =
        CurrentUser.get()
            .flatMap(user -> user.organisationOdsCode())
            .flatMap(referrals::organisationByOds);
    return referrals.requestingOrganisation(referral, sender);
  }
}
