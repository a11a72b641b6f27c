package org.carepath.server.access;

import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.access.PatientAccessPolicy.Decision;
import org.carepath.server.audit.AuditTrail;
import org.carepath.server.subscription.DeliveryCheck;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A notification goes to its subscriber only if every organisation the Subscription is for may see
 * its resource at delivery time ({@link PatientAccess#toReadAsOrganisation}); a Subscription that
 * names no organisation receives nothing of a patient's record; each notification sent or withheld
 * is audited against its patient. Only translates.
 */
class SubscriberAccess implements DeliveryCheck {

  static final String NO_SUBSCRIBER =
      "The Subscription names no organisation it is for, so it receives no patient's record.";

  private final PatientAccess access;
  private final AuditTrail audit;

  SubscriberAccess(PatientAccess access, AuditTrail audit) {
    this.access = access;
    this.audit = audit;
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

  @Override
  public void sent(String channel, Set<String> subscribers, IBaseResource resource) {
    access
        .patientsOf(resource)
        .forEach(
            patient ->
                audit.notification(
                    channel, subscribers, patient, reference(resource), Optional.empty()));
  }

  @Override
  public void withheld(
      String channel, Set<String> subscribers, IBaseResource resource, String reason) {
    access
        .patientsOf(resource)
        .forEach(
            patient ->
                audit.notification(
                    channel, subscribers, patient, reference(resource), Optional.of(reason)));
  }

  private static String reference(IBaseResource resource) {
    return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
  }
}
