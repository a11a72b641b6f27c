package org.carepath.coordination.risk;

import java.util.List;

/**
 * What a risk model may use from one person's record, already reduced to codes: their age, the
 * coded evidence in their active problems and findings, and their active medicines. Each piece of
 * evidence keeps the reference of the record it came from, so a result can say why.
 *
 * @param ageYears age in whole years on the day of assessment
 * @param codedEvidence active conditions and findings, by code
 * @param activeMedicines references of the active medication records
 */
public record ClinicalFacts(
    int ageYears, List<Evidence> codedEvidence, List<String> activeMedicines) {

  /** A coded fact and the record (e.g. {@code Condition/12}) it came from. */
  public record Evidence(String reference, Code code) {}

  public ClinicalFacts {
    codedEvidence = List.copyOf(codedEvidence);
    activeMedicines = List.copyOf(activeMedicines);
  }

  List<Code> codes() {
    return codedEvidence.stream().map(Evidence::code).toList();
  }
}
