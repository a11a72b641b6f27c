package org.carepath.coordination.kpi;

import java.util.Optional;
import java.util.Set;

/**
 * Whether a person died in the place they said they preferred (docs 001 and 002: the end-of-life
 * KPI "% died in their preferred place"). Places are compared by code (any coding the two records
 * share, e.g. SNOMED CT 264362003 "home"); the latest preference recorded before the death counts.
 */
public final class PlaceOfDeathPolicy {

  /** The decision, with the reason when it is not in the KPI's numerator. */
  public sealed interface Decision {
    record InPreferredPlace() implements Decision {}

    record ElsewhereThanPreferred(String reason) implements Decision {}

    /** Not counted at all: the KPI's denominator is people who had said where they preferred. */
    record NoPreferenceRecorded(String reason) implements Decision {}
  }

  /** A place as recorded: its codes as {@code system|code}, and a label for reasons. */
  public record Place(Set<String> codes, String label) {
    public Place {
      codes = Set.copyOf(codes);
    }
  }

  public Decision decide(Optional<Place> preferred, Place actual) {
    if (preferred.isEmpty()) {
      return new Decision.NoPreferenceRecorded(
          "No preferred place of death was recorded before the death.");
    }
    boolean same = preferred.get().codes().stream().anyMatch(actual.codes()::contains);
    return same
        ? new Decision.InPreferredPlace()
        : new Decision.ElsewhereThanPreferred(
            "Died in "
                + actual.label()
                + "; the preferred place was "
                + preferred.get().label()
                + ".");
  }
}
