package org.carepath.coordination.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.risk.ClinicalFacts.Measurement;
import org.carepath.coordination.risk.DiabetesControlResult.Band;
import org.carepath.coordination.risk.DiabetesControlResult.Target;
import org.carepath.coordination.terminology.Code;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiabetesControlTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
  private static final Code TYPE_2 = Code.snomed("44054006");
  private static final Code HBA1C = new Code("http://loinc.org", "59261-8");
  private static final Code HBA1C_PERCENT = new Code("http://loinc.org", "4548-4");
  private static final Code BP_PANEL = new Code("http://loinc.org", "85354-9");
  private static final Code CHOLESTEROL = new Code("http://loinc.org", "14647-2");
  private static final Code BMI = new Code("http://loinc.org", "39156-5");

  private final DiabetesControl model =
      new DiabetesControl(
          Set.of(TYPE_2),
          Map.of(
              "hba1c", Set.of(HBA1C, HBA1C_PERCENT),
              "blood-pressure", Set.of(BP_PANEL, DiabetesControl.SYSTOLIC),
              "cholesterol", Set.of(CHOLESTEROL),
              "bmi", Set.of(BMI)),
          DiabetesTargets.defaults());

  @ParameterizedTest(name = "HbA1c {0} mmol/mol is {1}")
  @CsvSource({"58, AT_TARGET", "59, ABOVE_TARGET", "75, ABOVE_TARGET", "76, POOR_CONTROL"})
  void hba1cBandsAtTheThresholds(double hba1c, Band band) {
    DiabetesControlResult result =
        assess(diabetic().measure("Observation/1", HBA1C, 10, hba1c, "mmol/mol"));
    assertThat(result.band()).isEqualTo(band);
    assertThat(result.hba1cTarget().isMet()).isEqualTo(band == Band.AT_TARGET);
  }

  @Test
  void aPercentageIsConvertedToMmolPerMol() {
    // 8.0% DCCT = (8.0 - 2.15) x 10.929 = 63.9 -> 64 mmol/mol
    DiabetesControlResult result =
        assess(diabetic().measure("Observation/1", HBA1C_PERCENT, 10, 8.0, "%"));
    assertThat(result.latestHba1c()).contains(64.0);
    assertThat(result.band()).isEqualTo(Band.ABOVE_TARGET);
  }

  @Test
  void theLatestReadingCountsAndOnlyWithinTwelveMonths() {
    DiabetesControlResult result =
        assess(
            diabetic()
                .measure("Observation/old", HBA1C, 400, 50, "mmol/mol")
                .measure("Observation/new", HBA1C, 30, 70, "mmol/mol")
                .measure("Observation/mid", HBA1C, 200, 52, "mmol/mol"));
    assertThat(result.latestHba1c()).contains(70.0);
    assertThat(result.evidence())
        .contains("Observation/new", "Observation/mid")
        .doesNotContain("Observation/old");

    DiabetesControlResult stale =
        assess(diabetic().measure("Observation/old", HBA1C, 400, 50, "mmol/mol"));
    assertThat(stale.band()).isEqualTo(Band.UNKNOWN);
    assertThat(stale.careProcessesMissing()).contains("hba1c");
  }

  @Test
  void theThreeTargetsAndTheCareProcesses() {
    DiabetesControlResult allMet =
        assess(
            diabetic()
                .measure("Observation/1", HBA1C, 20, 52, "mmol/mol")
                .bloodPressure("Observation/2", 20, 138, 78)
                .measure("Observation/3", CHOLESTEROL, 20, 4.1, "mmol/L"));
    assertThat(allMet.allThreeTargetsMet()).isTrue();
    assertThat(allMet.careProcessesDone())
        .containsExactly("blood-pressure", "cholesterol", "hba1c");
    assertThat(allMet.careProcessesMissing()).containsExactly("bmi");

    DiabetesControlResult bpHigh =
        assess(
            diabetic()
                .bloodPressure("Observation/2", 20, 138, 85)
                .measure("Observation/3", CHOLESTEROL, 20, 5.0, "mmol/L"));
    assertThat(bpHigh.bloodPressureTarget()).isEqualTo(Target.notMet("138/85 mmHg")); // 85 > 80
    assertThat(bpHigh.cholesterolTarget()).isEqualTo(Target.notMet("5 mmol/L")); // not below 5
    assertThat(bpHigh.targetsMet()).isZero();
  }

  @Test
  void cholesterolInMgPerDlIsConvertedNotComparedAsRecorded() {
    // Synthea and US laboratories: LOINC 2093-3 in mg/dL. 170 mg/dL = 4.4 mmol/L (below 5).
    DiabetesControlResult result =
        assess(diabetic().measure("Observation/1", CHOLESTEROL, 20, 170, "mg/dL"));
    assertThat(result.cholesterolTarget())
        .isEqualTo(Target.met("4.4 mmol/L (recorded as 170 mg/dL)"));

    DiabetesControlResult high =
        assess(diabetic().measure("Observation/1", CHOLESTEROL, 20, 212, "mg/dL"));
    assertThat(high.cholesterolTarget().status()).isEqualTo(Target.Status.NOT_MET);
    assertThat(high.cholesterolTarget().detail()).startsWith("5.5 mmol/L");

    // 193 mg/dL = 4.99 mmol/L, reported (and compared) as 5.0: not below 5.
    DiabetesControlResult edge =
        assess(diabetic().measure("Observation/1", CHOLESTEROL, 20, 193, "mg/dL"));
    assertThat(edge.cholesterolTarget())
        .isEqualTo(Target.notMet("5 mmol/L (recorded as 193 mg/dL)"));
  }

  @Test
  void aUnitThatCannotBeConvertedIsNotAssessedWithTheReason() {
    DiabetesControlResult result =
        assess(
            diabetic()
                .measure("Observation/1", CHOLESTEROL, 20, 4.1, "g")
                .measure("Observation/2", HBA1C, 20, 52, "mg/dL"));
    assertThat(result.cholesterolTarget().status()).isEqualTo(Target.Status.NOT_ASSESSED);
    assertThat(result.cholesterolTarget().detail())
        .contains("4.1 g", "not one Carepath converts to mmol/L");
    assertThat(result.hba1cTarget().status()).isEqualTo(Target.Status.NOT_ASSESSED);
    assertThat(result.band()).isEqualTo(Band.UNKNOWN);
    assertThat(result.latestHba1c()).isEmpty();
    // Still a care process done: the test was taken.
    assertThat(result.careProcessesDone()).contains("cholesterol", "hba1c");
  }

  @Test
  void bloodPressureFromTwoObservationsOfTheSameDayIsPaired() {
    DiabetesControlResult separate =
        assess(
            diabetic()
                .measure("Observation/sys", DiabetesControl.SYSTOLIC, 20, 132, "mm[Hg]")
                .measure("Observation/dia", DiabetesControl.DIASTOLIC, 20, 76, "mmHg"));
    assertThat(separate.bloodPressureTarget()).isEqualTo(Target.met("132/76 mmHg"));

    DiabetesControlResult otherDay =
        assess(
            diabetic()
                .measure("Observation/sys", DiabetesControl.SYSTOLIC, 20, 132, "mm[Hg]")
                .measure("Observation/dia", DiabetesControl.DIASTOLIC, 21, 76, "mm[Hg]"));
    assertThat(otherDay.bloodPressureTarget().status()).isEqualTo(Target.Status.NOT_MET);
    assertThat(otherDay.bloodPressureTarget().detail()).contains("no diastolic");
  }

  @Test
  void withoutAReadingATargetIsNotMetAndSaysSo() {
    DiabetesControlResult result = assess(diabetic());
    assertThat(result.hba1cTarget()).isEqualTo(Target.notMet("no HbA1c recorded in the look-back"));
    assertThat(result.bloodPressureTarget().detail()).contains("no blood pressure");
  }

  @Test
  void withoutADiabetesDiagnosisTheModelDoesNotApply() {
    var assessment = model.assess(new ClinicalFacts(60, List.of(), List.of(), List.of()), TODAY);
    assertThat(assessment).isInstanceOf(DiabetesControl.NotAssessed.class);
    assertThat(((DiabetesControl.NotAssessed) assessment).reason()).contains("diabetes diagnosis");
  }

  private DiabetesControlResult assess(Facts facts) {
    return ((DiabetesControl.Assessed) model.assess(facts.build(), TODAY)).result();
  }

  private static Facts diabetic() {
    return new Facts();
  }

  private static final class Facts {
    private final List<Measurement> measurements = new ArrayList<>();

    Facts measure(String reference, Code code, int daysAgo, double value, String unit) {
      measurements.add(
          new Measurement(reference, code, TODAY.minusDays(daysAgo), Optional.of(value), unit));
      return this;
    }

    Facts bloodPressure(String reference, int daysAgo, double systolic, double diastolic) {
      measurements.add(
          new Measurement(reference, BP_PANEL, TODAY.minusDays(daysAgo), Optional.empty(), null));
      measure(reference, DiabetesControl.SYSTOLIC, daysAgo, systolic, "mm[Hg]");
      return measure(reference, DiabetesControl.DIASTOLIC, daysAgo, diastolic, "mm[Hg]");
    }

    ClinicalFacts build() {
      return new ClinicalFacts(
          60, List.of(new ClinicalFacts.Evidence("Condition/1", TYPE_2)), List.of(), measurements);
    }
  }
}
