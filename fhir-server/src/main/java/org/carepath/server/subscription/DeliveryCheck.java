package org.carepath.server.subscription;

import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Asked at delivery time, for each notification: whether the organisations a Subscription is for
 * may still see the resource it carries (their access can have ended, or the item be one they never
 * see, since it was recorded); and told of each notification sent or withheld, which discloses (or
 * would have disclosed) a patient's record and is audited. Implemented by the access feature; used
 * by Subscription deliveries and the referral feature's response messages alike.
 */
public interface DeliveryCheck {

  /**
   * Why the notification is withheld from these subscriber organisations ({@code
   * Organization/<id>}), or empty when it may be sent. The reason names no patient.
   */
  Optional<String> whyWithheld(Set<String> subscribers, IBaseResource resource);

  /**
   * The notification carrying {@code resource} was sent by {@code channel} ({@code
   * Subscription/<id>}, or the referral whose response message it was).
   */
  void sent(String channel, Set<String> subscribers, IBaseResource resource);

  /** The notification carrying {@code resource} was withheld, for {@code reason}. */
  void withheld(String channel, Set<String> subscribers, IBaseResource resource, String reason);
}
