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
import org.carepath.coordination.risk.ClinicalFacts.Measurement;
import org.carepath.coordination.risk.DiabetesControlResult.Band;
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
    Optional<Double> hba1cMmolPerMol = hba1c.map(DiabetesControl::asMmolPerMol);
    Band band =
        hba1cMmolPerMol
            .map(
                v ->
                    v <= targets.hba1cAtMost()
                        ? Band.AT_TARGET
                        : v <= targets.poorControlAbove() ? Band.ABOVE_TARGET : Band.POOR_CONTROL)
            .orElse(Band.UNKNOWN);
    boolean hba1cMet = band == Band.AT_TARGET;
    boolean bloodPressureMet = bloodPressureMet(recent);
    boolean cholesterolMet =
        latestWithValue(recent, careProcesses.getOrDefault(CHOLESTEROL, Set.of()))
            .flatMap(Measurement::value)
            .map(v -> v < targets.cholesterolBelow())
            .orElse(false);
    return new Assessed(
        new DiabetesControlResult(
            band,
            hba1cMmolPerMol,
            hba1cMet,
            bloodPressureMet,
            cholesterolMet,
            done,
            missing,
            List.copyOf(evidence)));
  }

  /** The latest reading with both pressures, from one record, within target. */
  private boolean bloodPressureMet(List<Measurement> recent) {
    return latestWithValue(recent, Set.of(SYSTOLIC))
        .map(
            systolic -> {
              Optional<Double> diastolic =
                  recent.stream()
                      .filter(
                          m ->
                              m.code().equals(DIASTOLIC)
                                  && m.reference().equals(systolic.reference()))
                      .flatMap(m -> m.value().stream())
                      .findFirst();
              return systolic.value().get() <= targets.systolicAtMost()
                  && diastolic.map(d -> d <= targets.diastolicAtMost()).orElse(false);
            })
        .orElse(false);
  }

  private static Optional<Measurement> latestWithValue(
      List<Measurement> measurements, Set<Code> codes) {
    return measurements.stream()
        .filter(m -> codes.contains(m.code()) && m.value().isPresent())
        .max(Comparator.comparing(Measurement::date));
  }

  /** HbA1c in mmol/mol (IFCC); a DCCT percentage is converted: (% − 2.15) × 10.929. */
  static double asMmolPerMol(Measurement hba1c) {
    double value = hba1c.value().orElseThrow();
    return "%".equals(hba1c.unit()) ? Math.round((value - 2.15) * 10.929) : value;
  }
}
