package org.carepath.coordination.risk;

/**
 * Diabetes treatment targets and thresholds (NICE NG28; seed 001). All configuration.
 *
 * @param hba1cAtMost HbA1c target, mmol/mol (58)
 * @param poorControlAbove HbA1c above which control is poor and escalation is considered (75)
 * @param systolicAtMost blood pressure target, systolic mmHg (140)
 * @param diastolicAtMost blood pressure target, diastolic mmHg (80)
 * @param cholesterolBelow total cholesterol target, mmol/L (below 5)
 * @param lookbackMonths care processes and results count from this many months back (12)
 */
public record DiabetesTargets(
    double hba1cAtMost,
    double poorControlAbove,
    double systolicAtMost,
    double diastolicAtMost,
    double cholesterolBelow,
    int lookbackMonths) {

  public static DiabetesTargets defaults() {
    return new DiabetesTargets(58, 75, 140, 80, 5.0, 12);
  }
}
