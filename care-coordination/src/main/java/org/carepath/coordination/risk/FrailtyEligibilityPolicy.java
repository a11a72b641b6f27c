package org.carepath.coordination.risk;

/**
 * Who the electronic frailty index applies to: people aged 65 and over (Clegg et al. 2016; the age
 * is configuration).
 */
public final class FrailtyEligibilityPolicy {

  /** The policy's decision. */
  public sealed interface Decision permits Eligible, Ineligible {}

  /** The index applies. */
  public record Eligible() implements Decision {}

  /** The index does not apply, and why. */
  public record Ineligible(String reason) implements Decision {}

  /** The default age from which the index, and the frailty pathway, apply. */
  public static final int DEFAULT_MINIMUM_AGE = 65;

  private final int minimumAge;

  public FrailtyEligibilityPolicy(int minimumAge) {
    this.minimumAge = minimumAge;
  }

  public Decision decide(ClinicalFacts facts) {
    if (facts.ageYears() < minimumAge) {
      return new Ineligible(
          "The electronic frailty index applies from age "
              + minimumAge
              + "; the person is younger.");
    }
    return new Eligible();
  }
}
