package org.carepath.coordination.risk;

import static org.assertj.core.api.Assertions.assertThat;

import org.carepath.coordination.risk.MeasurementUnits.Analyte;
import org.carepath.coordination.risk.MeasurementUnits.Converted;
import org.carepath.coordination.risk.MeasurementUnits.Refused;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeasurementUnitsTest {

  @ParameterizedTest(name = "{0} {1} {2} = {3} {0}-unit")
  @CsvSource({
    // HbA1c: IFCC as is; DCCT % → (% − 2.15) × 10.929, whole mmol/mol
    "HBA1C, 53, mmol/mol, 53",
    "HBA1C, 7.0, %, 53",
    "HBA1C, 6.5, %, 48",
    "HBA1C, 9.0, %, 75",
    // cholesterol: mmol/L (either litre), mg/dL ÷ 38.67
    "CHOLESTEROL, 4.8, mmol/L, 4.8",
    "CHOLESTEROL, 4.8, mmol/l, 4.8",
    "CHOLESTEROL, 193.35, mg/dL, 5.0",
    "CHOLESTEROL, 170, mg/dl, 4.396",
    // creatinine: µmol/L, mg/dL × 88.42
    "CREATININE, 90, umol/L, 90",
    "CREATININE, 1.0, mg/dL, 88.42",
    "CREATININE, 0.09, mmol/L, 90",
    // eGFR: the body-surface unit written three ways
    "EGFR, 55, mL/min/{1.73_m2}, 55",
    "EGFR, 55, mL/min/1.73m2, 55",
    "EGFR, 55, ml/min/1.73_m2, 55",
    // blood pressure: UCUM and the common spelling
    "BLOOD_PRESSURE, 138, mm[Hg], 138",
    "BLOOD_PRESSURE, 138, mmHg, 138",
  })
  void knownUnitsAreConverted(Analyte analyte, double value, String unit, double expected) {
    var reading = MeasurementUnits.convert(analyte, value, unit);
    assertThat(reading).isInstanceOf(Converted.class);
    assertThat(((Converted) reading).value())
        .isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01));
  }

  @ParameterizedTest(name = "{0} in {1} is refused")
  @CsvSource({
    "HBA1C, mg/dL",
    "HBA1C, mmol/L",
    "CHOLESTEROL, %",
    "CHOLESTEROL, g",
    "CREATININE, mL/min",
    "EGFR, mL/min",
    "BLOOD_PRESSURE, kPa",
  })
  void otherUnitsAreRefusedWithTheReason(Analyte analyte, String unit) {
    var reading = MeasurementUnits.convert(analyte, 7, unit);
    assertThat(reading).isInstanceOf(Refused.class);
    assertThat(((Refused) reading).reason()).contains(unit, analyte.unit(), "not assessed");
  }

  @org.junit.jupiter.api.Test
  void aValueWithoutAUnitIsRefused() {
    var reading = MeasurementUnits.convert(Analyte.CHOLESTEROL, 4.2, null);
    assertThat(((Refused) reading).reason()).contains("has no unit");
  }
}
