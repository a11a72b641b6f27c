package org.carepath.coordination.risk;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The units Carepath compares results in, and the units GP and hospital systems (and Synthea) send
 * them in: a value is converted to the comparison unit when its unit is a known one, and refused
 * with the reason otherwise — never compared as recorded (a cholesterol of 212 mg/dL is not "not
 * below 5 mmol/L"; hazard H-12). Units are UCUM codes; the litre may be written {@code L} or {@code
 * l} (both UCUM), and {@code mmHg} is accepted beside UCUM's {@code mm[Hg]}.
 */
public final class MeasurementUnits {

  /** What is measured, with the unit its targets are stated in. */
  public enum Analyte {
    /** HbA1c, IFCC mmol/mol; a DCCT percentage is converted: (% − 2.15) × 10.929. */
    HBA1C("HbA1c", "mmol/mol", Map.of("mmol/mol", 1.0)),
    /** Total cholesterol, mmol/L; mg/dL ÷ 38.67 (molar mass 386.65 g/mol). */
    CHOLESTEROL(
        "cholesterol",
        "mmol/L",
        Map.of("mmol/l", 1.0, "mg/dl", 1 / 38.67, "mg/l", 1 / 386.7, "umol/l", 0.001)),
    /** Serum creatinine, µmol/L; mg/dL × 88.42 (molar mass 113.12 g/mol). */
    CREATININE(
        "creatinine",
        "umol/L",
        Map.of("umol/l", 1.0, "µmol/l", 1.0, "mg/dl", 88.42, "mmol/l", 1000.0)),
    /** Estimated GFR, mL/min/1.73 m² (the body-surface normalisation written several ways). */
    EGFR(
        "eGFR",
        "mL/min/{1.73_m2}",
        Map.of(
            "ml/min/{1.73_m2}", 1.0,
            "ml/min/1.73m2", 1.0,
            "ml/min/1.73_m2", 1.0,
            "ml/min/{1.73m2}", 1.0)),
    /** Systolic or diastolic blood pressure, mmHg. */
    BLOOD_PRESSURE("blood pressure", "mm[Hg]", Map.of("mm[hg]", 1.0, "mmhg", 1.0));

    private final String label;
    private final String unit;
    private final Map<String, Double> factors;

    Analyte(String label, String unit, Map<String, Double> factors) {
      this.label = label;
      this.unit = unit;
      this.factors = factors;
    }

    public String label() {
      return label;
    }

    /** The unit its targets are stated in (UCUM). */
    public String unit() {
      return unit;
    }
  }

  /** A value in the comparison unit, or why there is none. */
  public sealed interface Reading permits Converted, Refused {}

  /**
   * @param value in {@link Analyte#unit()}
   * @param asRecorded the value and unit as the record has them (shown beside a converted value)
   */
  public record Converted(double value, String asRecorded) implements Reading {}

  public record Refused(String reason) implements Reading {}

  private MeasurementUnits() {}

  public static Reading convert(Analyte analyte, double value, String unit) {
    if (unit == null || unit.isBlank()) {
      return new Refused(
          analyte.label
              + " "
              + format(value)
              + " has no unit: it cannot be compared with a target"
              + " in "
              + analyte.unit);
    }
    String recorded = format(value) + " " + unit;
    if (analyte == Analyte.HBA1C && unit.equals("%")) {
      return new Converted(Math.round((value - 2.15) * 10.929), recorded);
    }
    return Optional.ofNullable(analyte.factors.get(unit.trim().toLowerCase(Locale.ROOT)))
        .<Reading>map(factor -> new Converted(value * factor, recorded))
        .orElseGet(
            () ->
                new Refused(
                    analyte.label
                        + " "
                        + recorded
                        + ": the unit is not one Carepath converts to "
                        + analyte.unit
                        + ", so the target is not assessed"));
  }

  /** A value as people write it: no trailing {@code .0}. */
  public static String format(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
