package org.carepath.coordination.access;

import java.util.Optional;

/**
 * Who may make a cohort (a {@code Group} of patients, e.g. a population run's top 2% by eFI) to
 * review or export: staff giving direct care who act for the organisation the run covered, which
 * manages the cohort. Each member's record must still be theirs to write (the write itself is
 * checked member by member); commissioners read the run's counts instead.
 */
public final class CohortPolicy {

  static final String DIRECT_CARE_ONLY =
      "a cohort names patients: it is made by staff giving direct care (commissioners read the"
          + " run's counts)";

  /** Whether a cohort may be made; refused, why. */
  public sealed interface Decision {
    record Allowed() implements Decision {}

    record Refused(String reason) implements Decision {}
  }

  /**
   * @param organisation the organisation whose population the run covered, {@code
   *     Organization/<id>}
   */
  public Decision toMake(Accessor accessor, String organisation) {
    if (accessor.duty() != Duty.DIRECT_CARE) {
      return new Decision.Refused(DIRECT_CARE_ONLY);
    }
    Optional<String> own = accessor.organisation();
    if (own.isEmpty() || !accessor.actsFor().contains(organisation)) {
      return new Decision.Refused(
          "the run covered "
              + organisation
              + "'s population; only those acting for that organisation make its cohort");
    }
    return new Decision.Allowed();
  }
}
