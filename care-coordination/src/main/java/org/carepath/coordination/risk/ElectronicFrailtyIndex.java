package org.carepath.coordination.risk;

import java.util.ArrayList;
import java.util.List;

/**
 * The electronic frailty index (Clegg et al., Age and Ageing 2016): the share of 36 deficits a
 * person's record shows — each deficit found through its codes, polypharmacy through the number of
 * active medicines — banded fit, mild, moderate or severe.
 */
public final class ElectronicFrailtyIndex {

  /** The model's code in the {@code risk-model} CodeSystem. */
  public static final String MODEL = "efi";

  /** The version of the model (the published index). */
  public static final String VERSION = "2016";

  private final DeficitCatalogue catalogue;
  private final FrailtyBands bands;
  private final FrailtyEligibilityPolicy eligibility;
  private final int polypharmacyThreshold;

  /**
   * @param polypharmacyThreshold active medicines that make the polypharmacy deficit (5)
   */
  public ElectronicFrailtyIndex(
      DeficitCatalogue catalogue,
      FrailtyBands bands,
      FrailtyEligibilityPolicy eligibility,
      int polypharmacyThreshold) {
    this.catalogue = catalogue;
    this.bands = bands;
    this.eligibility = eligibility;
    this.polypharmacyThreshold = polypharmacyThreshold;
  }

  /** The outcome of assessing one person. */
  public sealed interface Assessment permits Scored, NotAssessed {}

  /** The index applied. */
  public record Scored(FrailtyScore score) implements Assessment {}

  /** The index does not apply to this person, and why. */
  public record NotAssessed(String reason) implements Assessment {}

  public Assessment assess(ClinicalFacts facts) {
    if (eligibility.decide(facts) instanceof FrailtyEligibilityPolicy.Ineligible ineligible) {
      return new NotAssessed(ineligible.reason());
    }
    List<FrailtyScore.DeficitFound> found = new ArrayList<>();
    for (String deficit : catalogue.deficitsEvidencedBy(facts.codes())) {
      List<String> evidence =
          facts.codedEvidence().stream()
              .filter(e -> catalogue.evidenceFor(deficit, List.of(e.code())).isPresent())
              .map(ClinicalFacts.Evidence::reference)
              .distinct()
              .toList();
      found.add(new FrailtyScore.DeficitFound(deficit, evidence));
    }
    List<ClinicalFacts.Medicine> medicines = facts.distinctMedicines();
    if (medicines.size() >= polypharmacyThreshold) {
      found.add(
          new FrailtyScore.DeficitFound(
              DeficitCatalogue.POLYPHARMACY,
              medicines.stream().map(ClinicalFacts.Medicine::reference).toList()));
    }
    double score = found.size() / (double) catalogue.deficitCount();
    return new Scored(
        new FrailtyScore(score, bands.bandOf(score), catalogue.deficitCount(), found));
  }
}
