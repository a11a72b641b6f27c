package org.carepath.coordination.access;

import java.util.Set;

/**
 * What access knows of one patient for one accessor.
 *
 * @param relationships the kinds of live relationship between the accessor's organisations and the
 *     patient
 * @param emergencyAccess whether the accessor has asserted emergency (break-glass) access to this
 *     patient and it has not expired
 * @param objection whether the patient has a recorded objection to sharing their record for direct
 *     care (an active Consent with a deny provision)
 */
public record PatientStanding(
    Set<RelationshipKind> relationships, boolean emergencyAccess, boolean objection) {

  public PatientStanding {
    relationships = Set.copyOf(relationships);
  }

  /** Without an objection. */
  public PatientStanding(Set<RelationshipKind> relationships, boolean emergencyAccess) {
    this(relationships, emergencyAccess, false);
  }

  public static PatientStanding none() {
    return new PatientStanding(Set.of(), false, false);
  }
}
