package org.carepath.coordination.pathway;

import java.util.Set;

/**
 * Proactive care for frailty is for people aged {@code minimumAge} or over whose electronic frailty
 * index is moderate or severe.
 */
final class FrailtyEnrolmentPolicy implements EnrolmentPolicy {

  private static final Set<String> BANDS = Set.of("moderate", "severe");
  private final int minimumAge;

  public FrailtyEnrolmentPolicy(int minimumAge) {
    this.minimumAge = minimumAge;
  }

  @Override
  public EnrolmentDecision decide(EnrolmentFacts facts) {
    if (facts.ageYears() < minimumAge) {
      return EnrolmentDecision.ineligible(
          "Proactive frailty care is for people aged " + minimumAge + " or over.");
    }
    if (facts.frailtyBand().filter(BANDS::contains).isEmpty()) {
      return EnrolmentDecision.ineligible(
          "The patient's electronic frailty index is "
              + facts.frailtyBand().map(band -> "'" + band + "'").orElse("not assessed")
              + ": proactive care is for moderate or severe frailty (run Patient/$stratify).");
    }
    return EnrolmentDecision.eligible(
        "Aged "
            + facts.ageYears()
            + ", with "
            + facts.frailtyBand().get()
            + " frailty on the electronic frailty index.");
  }
}
