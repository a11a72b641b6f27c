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
 * @param activeMedicines the active medication records (statements and prescriptions)
 * @param measurements dated measurements with their values
 */
public record ClinicalFacts(
    int ageYears,
    List<Evidence> codedEvidence,
    List<Medicine> activeMedicines,
    List<Measurement> measurements) {

  /** A coded fact and the record (e.g. {@code Condition/12}) it came from. */
  public record Evidence(String reference, Code code) {}

  /**
   * An active medicine and the record it came from; {@code product} is its coded medicinal product,
   * when the record codes one (a medicine recorded twice, as a statement and as a prescription, is
   * one medicine).
   */
  public record Medicine(String reference, Optional<Code> product) {

    /** A medicine known only by its record. */
    public static Medicine of(String reference) {
      return new Medicine(reference, Optional.empty());
    }
  }

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
  public ClinicalFacts(int ageYears, List<Evidence> codedEvidence, List<Medicine> activeMedicines) {
    this(ageYears, codedEvidence, activeMedicines, List.of());
  }

  /**
   * The distinct active medicines: one per coded product (the first record of it), and each uncoded
   * record on its own.
   */
  public List<Medicine> distinctMedicines() {
    java.util.Map<Object, Medicine> distinct = new java.util.LinkedHashMap<>();
    for (Medicine medicine : activeMedicines) {
      distinct.putIfAbsent(
          medicine.product().<Object>map(code -> code).orElse(medicine.reference()), medicine);
    }
    return List.copyOf(distinct.values());
  }

  List<Code> codes() {
    return codedEvidence.stream().map(Evidence::code).toList();
  }
}
