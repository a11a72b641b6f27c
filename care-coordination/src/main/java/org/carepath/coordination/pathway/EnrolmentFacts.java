package org.carepath.coordination.pathway;

import java.util.Optional;
import java.util.Set;

/**
 * What enrolment policies may use from a patient's record, already reduced by an adapter.
 *
 * @param ageYears age in whole years today (-1 if the birth date is unknown)
 * @param deceased whether the record says the patient died
 * @param practice the registered GP practice (an Organization reference), if any
 * @param conditionGroups the named groups of active problems found (e.g. {@code diabetes}, {@code
 *     copd}, {@code respiratory}, {@code palliative-care}), from Carepath's value sets
 * @param frailtyBand the current electronic frailty index band, if assessed
 * @param careHome the care home the patient lives in (an Organization reference), if known
 */
public record EnrolmentFacts(
    int ageYears,
    boolean deceased,
    Optional<String> practice,
    Set<String> conditionGroups,
    Optional<String> frailtyBand,
    Optional<String> careHome) {

  public EnrolmentFacts {
    conditionGroups = Set.copyOf(conditionGroups);
  }

  public boolean has(String conditionGroup) {
    return conditionGroups.contains(conditionGroup);
  }
}
