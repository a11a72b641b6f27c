package org.carepath.server.referral;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import org.carepath.coordination.referral.Party;
import org.carepath.coordination.referral.ReferralLifecyclePolicy;
import org.carepath.coordination.referral.TransitionDecision;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.carepath.coordination.referral.fhir.ServiceDirectoryReader;
import org.carepath.server.security.Activity;
import org.carepath.server.security.CarepathUser;
import org.carepath.server.security.CurrentUser;
import org.carepath.server.security.RoleActivities;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * A party's change of a referral's tracking Task (a plain FHIR update), before it is stored: who
 * makes it is read from the caller's token (their organisation is the Task's owner — the service —
 * or its requester — the referrer), the state machine decides, and a refusal answers 409 (not from
 * where it stands), 403 (the other party's change) or 422 (a reason is missing), storing nothing. A
 * care coordinator routes an unroutable referral by hand by setting its owner. Translates and
 * delegates.
 */
@Interceptor
class ReferralLifecycleInterceptor {

  private final ReferralLifecyclePolicy lifecycle;
  private final Referrals referrals;
  private final Clock clock;

  private final RoleActivities activities;

  ReferralLifecycleInterceptor(
      ReferralLifecyclePolicy lifecycle,
      Referrals referrals,
      Clock clock,
      RoleActivities activities) {
    this.activities = activities;
    this.lifecycle = lifecycle;
    this.referrals = referrals;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void beforeUpdate(IBaseResource previous, IBaseResource updated, RequestDetails request) {
    if (!(updated instanceof Task after)
        || !(previous instanceof Task before)
        || !ReferralResources.isReferralTask(before)
        || ReferralWrites.isWorkflow(request)) {
      return;
    }
    Optional<CarepathUser> user = CurrentUser.get();
    if (user.isEmpty()) {
      return;
    }
    if (!Objects.equals(focus(before), focus(after))
        || !Objects.equals(reference(before.getRequester()), reference(after.getRequester()))) {
      throw new UnprocessableEntityException(
          "A referral's focus and requester cannot change: send a new referral instead.");
    }
    Optional<String> organisation =
        user.get().organisationOdsCode().flatMap(referrals::organisationByOds);
    if (routedByHand(before, after, user.get())) {
      return;
    }
    if (!Objects.equals(reference(before.getOwner()), reference(after.getOwner()))) {
      throw new UnprocessableEntityException(
          "Only a care coordinator routes a referral by hand, and only one that is unroutable.");
    }
    Party party = partyOf(before, organisation);
    TransitionDecision decision =
        lifecycle.decide(ReferralResources.transition(before, after, party));
    if (decision instanceof TransitionDecision.Refused refused) {
      throw ReferralRefused.of(refused);
    }
    if (ReferralResources.hasBusinessStatus(after, ReferralResources.ADVICE_GIVEN)
        && !ReferralResources.hasBusinessStatus(before, ReferralResources.ADVICE_GIVEN)
        && !referrals.adviceRecorded(before)) {
      throw new UnprocessableEntityException(
          "Record the advice first (a Communication basedOn the referral's ServiceRequest), then"
              + " complete the referral with businessStatus advice-given.");
    }
    after.setLastModified(Date.from(clock.instant()));
  }

  /** A coordinator gives an unroutable referral its owner; the clock starts then. */
  private boolean routedByHand(Task before, Task after, CarepathUser user) {
    boolean unroutable = ReferralResources.hasBusinessStatus(before, ReferralResources.UNROUTABLE);
    if (!unroutable || !after.hasOwner() || before.hasOwner()) {
      return false;
    }
    if (!activities.allows(user, Activity.ROUTE_REFERRALS)) {
      throw new ForbiddenOperationException(
          "Only a care coordinator routes an unroutable referral by hand.");
    }
    if (after.getStatus() != before.getStatus()) {
      throw new UnprocessableEntityException(
          "Route the referral (set its owner) without changing its status; the service then"
              + " accepts or rejects it.");
    }
    after.setBusinessStatus(null);
    after.addNote().setText("Routed by hand by a care coordinator.");
    referrals
        .referral(before)
        .ifPresent(
            request -> {
              String priority = request.hasPriority() ? request.getPriority().toCode() : "routine";
              after
                  .getRestriction()
                  .getPeriod()
                  .setEnd(
                      Date.from(
                          referrals
                              .clocks()
                              .acceptBy(
                                  ServiceDirectoryReader.codes(after.getPerformerTypeFirstRep()),
                                  priority,
                                  clock.instant())));
            });
    after.setLastModified(Date.from(clock.instant()));
    return true;
  }

  private static Party partyOf(Task task, Optional<String> organisation) {
    if (organisation.isPresent()) {
      if (organisation.get().equals(reference(task.getOwner()))) {
        return Party.OWNER;
      }
      if (organisation.get().equals(reference(task.getRequester()))) {
        return Party.REQUESTER;
      }
    }
    throw new ForbiddenOperationException(
        "Only the service the referral is routed to (the Task's owner) or the referrer (its"
            + " requester) changes a referral.");
  }

  private static String focus(Task task) {
    return reference(task.getFocus());
  }

  private static String reference(Reference reference) {
    return reference.getReferenceElement().toUnqualifiedVersionless().getValue();
  }
}
