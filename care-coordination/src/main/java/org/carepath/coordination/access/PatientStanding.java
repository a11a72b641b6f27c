package org.carepath.coordination.access;

import java.util.Set;

/**
 * What access knows of one patient for one accessor.
 *
 * @param relationships the kinds of live relationship between the accessor's organisations and the
 *     patient
 * @param emergencyAccess whether the accessor has asserted emergency (break-glass) access to this
 *     patient and it has not expired
 */
public record PatientStanding(Set<RelationshipKind> relationships, boolean emergencyAccess) {

  public PatientStanding {
    relationships = Set.copyOf(relationships);
  }

  public static PatientStanding none() {
    return new PatientStanding(Set.of(), false);
  }
}
