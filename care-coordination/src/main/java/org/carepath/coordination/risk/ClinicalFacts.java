package org.carepath.coordination.risk;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.terminology.Code;

/**
 * What a risk model may use from one person's record, already reduced to codes: their age, the
 * coded evidence in their active problems and findings, their active medicines, and dated
 * measurements. Each piece of evidence keeps the reference of the record it came from, so a result
 * can say why.
 *
 * @param ageYears age in whole years on the day of assessment
 * @param codedEvidence active conditions and findings, by code
 * @param activeMedicines references of the active medication records
 * @param measurements dated measurements with their values
 */
public record ClinicalFacts(
    int ageYears,
    List<Evidence> codedEvidence,
    List<String> activeMedicines,
    List<Measurement> measurements) {

  /** A coded fact and the record (e.g. {@code Condition/12}) it came from. */
  public record Evidence(String reference, Code code) {}

  /**
   * A dated, coded measurement (an Observation or one of its components) and its numeric value, if
   * it has one.
   */
  public record Measurement(
      String reference, Code code, LocalDate date, Optional<Double> value, String unit) {}

  public ClinicalFacts {
    codedEvidence = List.copyOf(codedEvidence);
    activeMedicines = List.copyOf(activeMedicines);
    measurements = List.copyOf(measurements);
  }

  /** Facts without measurements. */
  public ClinicalFacts(int ageYears, List<Evidence> codedEvidence, List<String> activeMedicines) {
    this(ageYears, codedEvidence, activeMedicines, List.of());
  }

  List<Code> codes() {
    return codedEvidence.stream().map(Evidence::code).toList();
  }
}
