package org.carepath.coordination.risk;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoubleFunction;
import java.util.function.DoublePredicate;
import org.carepath.coordination.risk.ClinicalFacts.Measurement;
import org.carepath.coordination.risk.DiabetesControlResult.Band;
import org.carepath.coordination.risk.DiabetesControlResult.Target;
import org.carepath.coordination.terminology.Code;

/**
 * Diabetes control for a diabetic person (NICE NG28, National Diabetes Audit): the latest HbA1c and
 * its band, the three treatment targets (HbA1c, blood pressure, cholesterol), and which of the
 * eight care processes were done in the look-back window.
 */
public final class DiabetesControl {

  /** The model's code in the {@code risk-model} CodeSystem, and its version. */
  public static final String MODEL = "diabetes-control";

  public static final String VERSION = "NG28";

  static final String HBA1C = "hba1c";
  static final String CHOLESTEROL = "cholesterol";
  static final Code SYSTOLIC = new Code("http://loinc.org", "8480-6");
  static final Code DIASTOLIC = new Code("http://loinc.org", "8462-4");

  private final Set<Code> diabetesDiagnoses;
  private final Map<String, Set<Code>> careProcesses;
  private final DiabetesTargets targets;

  /**
   * @param diabetesDiagnoses codes of a diabetes diagnosis (the diabetes-conditions value set)
   * @param careProcesses care process code to the codes that record it
   */
  public DiabetesControl(
      Set<Code> diabetesDiagnoses, Map<String, Set<Code>> careProcesses, DiabetesTargets targets) {
    this.diabetesDiagnoses = Set.copyOf(diabetesDiagnoses);
    this.careProcesses = new TreeMap<>(careProcesses);
    this.targets = targets;
  }

  /** The outcome of assessing one person. */
  public sealed interface Assessment permits Assessed, NotAssessed {}

  public record Assessed(DiabetesControlResult result) implements Assessment {}

  public record NotAssessed(String reason) implements Assessment {}

  public Assessment assess(ClinicalFacts facts, LocalDate today) {
    if (facts.codedEvidence().stream().noneMatch(e -> diabetesDiagnoses.contains(e.code()))) {
      return new NotAssessed(
          "Diabetes control applies to people with a diabetes diagnosis; none is recorded.");
    }
    LocalDate since = today.minusMonths(targets.lookbackMonths());
    List<Measurement> recent =
        facts.measurements().stream().filter(m -> !m.date().isBefore(since)).toList();

    Set<String> evidence = new LinkedHashSet<>();
    List<String> done = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    careProcesses.forEach(
        (process, codes) -> {
          List<Measurement> recording =
              recent.stream().filter(m -> codes.contains(m.code())).toList();
          (recording.isEmpty() ? missing : done).add(process);
          recording.forEach(m -> evidence.add(m.reference()));
        });

    Optional<Measurement> hba1c =
        latestWithValue(recent, careProcesses.getOrDefault(HBA1C, Set.of()));
    MeasurementUnits.Reading hba1cReading =
        hba1c.map(m -> reading(MeasurementUnits.Analyte.HBA1C, m)).orElse(null);
    Optional<Double> hba1cMmolPerMol =
        hba1cReading instanceof MeasurementUnits.Converted converted
            ? Optional.of(converted.value())
            : Optional.empty();
    Band band =
        hba1cMmolPerMol
            .map(
                v ->
                    v <= targets.hba1cAtMost()
                        ? Band.AT_TARGET
                        : v <= targets.poorControlAbove() ? Band.ABOVE_TARGET : Band.POOR_CONTROL)
            .orElse(Band.UNKNOWN);
    Target hba1cTarget =
        target(
            "HbA1c",
            hba1cReading,
            v -> v <= targets.hba1cAtMost(),
            v -> Math.round(v) + " mmol/mol");
    Target cholesterolTarget =
        target(
            "cholesterol",
            latestWithValue(recent, careProcesses.getOrDefault(CHOLESTEROL, Set.of()))
                .map(m -> reading(MeasurementUnits.Analyte.CHOLESTEROL, m))
                .orElse(null),
            // Compared as a laboratory reports it in mmol/L (one decimal), as it is shown.
            v -> Math.round(v * 10) / 10.0 < targets.cholesterolBelow(),
            v -> MeasurementUnits.format(Math.round(v * 10) / 10.0) + " mmol/L");
    return new Assessed(
        new DiabetesControlResult(
            band,
            hba1cMmolPerMol,
            hba1cTarget,
            bloodPressureTarget(recent),
            cholesterolTarget,
            done,
            missing,
            List.copyOf(evidence)));
  }

  private static MeasurementUnits.Reading reading(
      MeasurementUnits.Analyte analyte, Measurement measurement) {
    return MeasurementUnits.convert(analyte, measurement.value().orElseThrow(), measurement.unit());
  }

  /** A target from the latest reading ({@code null} when none in the look-back). */
  private static Target target(
      String what,
      MeasurementUnits.Reading reading,
      DoublePredicate within,
      DoubleFunction<String> shown) {
    if (reading == null) {
      return Target.notMet("no " + what + " recorded in the look-back");
    }
    if (reading instanceof MeasurementUnits.Refused refused) {
      return Target.notAssessed(refused.reason());
    }
    MeasurementUnits.Converted converted = (MeasurementUnits.Converted) reading;
    String detail = shown.apply(converted.value());
    if (!converted.asRecorded().equals(detail)) {
      detail += " (recorded as " + converted.asRecorded() + ")";
    }
    return within.test(converted.value()) ? Target.met(detail) : Target.notMet(detail);
  }

  /**
   * The latest systolic reading with its diastolic: from the same record (a panel, or one
   * Observation with both components) or, failing that, a diastolic Observation of the same day
   * (systems that send the two as separate Observations). Both within target.
   */
  private Target bloodPressureTarget(List<Measurement> recent) {
    Optional<Measurement> systolic = latestWithValue(recent, Set.of(SYSTOLIC));
    if (systolic.isEmpty()) {
      return Target.notMet("no blood pressure recorded in the look-back");
    }
    Measurement sys = systolic.get();
    Optional<Measurement> diastolic =
        recent.stream()
            .filter(m -> m.code().equals(DIASTOLIC) && m.value().isPresent())
            .filter(m -> m.reference().equals(sys.reference()))
            .findFirst()
            .or(
                () ->
                    recent.stream()
                        .filter(m -> m.code().equals(DIASTOLIC) && m.value().isPresent())
                        .filter(m -> m.date().equals(sys.date()))
                        .findFirst());
    if (diastolic.isEmpty()) {
      return Target.notMet(
          "no diastolic pressure recorded with the latest systolic (" + sys.date() + ")");
    }
    MeasurementUnits.Reading systolicReading =
        reading(MeasurementUnits.Analyte.BLOOD_PRESSURE, sys);
    MeasurementUnits.Reading diastolicReading =
        reading(MeasurementUnits.Analyte.BLOOD_PRESSURE, diastolic.get());
    if (systolicReading instanceof MeasurementUnits.Refused refused) {
      return Target.notAssessed(refused.reason());
    }
    if (diastolicReading instanceof MeasurementUnits.Refused refused) {
      return Target.notAssessed(refused.reason());
    }
    double s = ((MeasurementUnits.Converted) systolicReading).value();
    double d = ((MeasurementUnits.Converted) diastolicReading).value();
    String detail = Math.round(s) + "/" + Math.round(d) + " mmHg";
    return s <= targets.systolicAtMost() && d <= targets.diastolicAtMost()
        ? Target.met(detail)
        : Target.notMet(detail);
  }

  private static Optional<Measurement> latestWithValue(
      List<Measurement> measurements, Set<Code> codes) {
    return measurements.stream()
        .filter(m -> codes.contains(m.code()) && m.value().isPresent())
        .max(Comparator.comparing(Measurement::date));
  }
}
