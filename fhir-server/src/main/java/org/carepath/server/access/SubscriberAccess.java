package org.carepath.server.access;

import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.access.PatientAccessPolicy.Decision;
import org.carepath.server.subscription.DeliveryCheck;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A notification goes to its subscriber only if every organisation the Subscription is for may see
 * its resource at delivery time ({@link PatientAccess#toReadAsOrganisation}); a Subscription that
 * names no organisation receives nothing of a patient's record. Only translates.
 */
class SubscriberAccess implements DeliveryCheck {

  static final String NO_SUBSCRIBER =
      "The Subscription names no organisation it is for, so it receives no patient's record.";

  private final PatientAccess access;

  SubscriberAccess(PatientAccess access) {
    this.access = access;
  }

  @Override
  public Optional<String> whyWithheld(Set<String> subscribers, IBaseResource resource) {
    if (access.patientsOf(resource).isEmpty()) {
      return Optional.empty();
    }
    if (subscribers.isEmpty()) {
      return Optional.of(NO_SUBSCRIBER);
    }
    for (String subscriber : subscribers) {
      Optional<Decision> decision = access.toReadAsOrganisation(subscriber, resource);
      if (decision.isPresent() && !decision.get().allowed()) {
        return Optional.of(decision.get().reason());
      }
    }
    return Optional.empty();
  }
}
