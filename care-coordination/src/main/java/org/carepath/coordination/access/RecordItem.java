package org.carepath.coordination.access;

import java.util.Optional;
import java.util.Set;

/**
 * What access needs to know of one item of a patient's record, beyond whose record it is.
 *
 * @param custodian the organisation ({@code Organization/<id>}) that recorded it and holds it, or
 *     empty for what the server itself recorded (the patient's registered practice stands in)
 * @param sharing its sharing class
 * @param involves the organisations the item itself names as taking part (a referral's requester
 *     and owner, a care team's members): a referral shares itself with whom it is sent to
 * @param neverHidden whether an objection to sharing leaves it visible: the Patient resource (who
 *     the person is) and the Consent recording the objection (why the rest is not shown)
 */
public record RecordItem(
    Optional<String> custodian, Sharing sharing, Set<String> involves, boolean neverHidden) {

  public RecordItem {
    involves = Set.copyOf(involves);
  }
}
