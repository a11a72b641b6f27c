package org.carepath.server.risk;

import org.carepath.coordination.risk.FrailtyBands;
import org.carepath.coordination.risk.FrailtyEligibilityPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Risk stratification settings.
 *
 * @param frailty the electronic frailty index
 * @param diabetes diabetes control targets
 */
@ConfigurationProperties("carepath.risk")
public record RiskProperties(
    @DefaultValue Frailty frailty,
    @DefaultValue Diabetes diabetes,
    @DefaultValue Population population) {

  /**
   * Population runs ({@code [base]/$stratify}, {@code Organization/[id]/$stratify}).
   *
   * @param chunkSize patients per chunk: the unit of work, of retry and of progress (250; a chunk's
   *     results are written in one transaction, and large transactions slow HAPI's writes)
   * @param nightly when the incremental run re-scores patients whose record changed: a six-field
   *     cron expression (second minute hour day month weekday), {@code -} for never
   */
  public record Population(
      @DefaultValue("250") int chunkSize,
      @DefaultValue("0 30 1 * * *") String nightly,
      @DefaultValue("2") double topPercent) {}

  /**
   * @param minimumAge the index, and the frailty pathway, apply from this age (65)
   * @param polypharmacy active medicines that count as the polypharmacy deficit (5)
   * @param fitUpTo highest reported score that is "fit" (0.12)
   * @param mildUpTo highest reported score that is "mild" (0.24)
   * @param moderateUpTo highest reported score that is "moderate" (0.36); above is "severe"
   */
  public record Frailty(
      @DefaultValue("" + FrailtyEligibilityPolicy.DEFAULT_MINIMUM_AGE) int minimumAge,
      @DefaultValue("5") int polypharmacy,
      @DefaultValue("" + FrailtyBands.DEFAULT_FIT_UP_TO) double fitUpTo,
      @DefaultValue("" + FrailtyBands.DEFAULT_MILD_UP_TO) double mildUpTo,
      @DefaultValue("" + FrailtyBands.DEFAULT_MODERATE_UP_TO) double moderateUpTo) {}

  /**
   * @param hba1cTarget HbA1c target, mmol/mol (58)
   * @param poorControlAbove HbA1c above which control is poor (75)
   * @param systolicTarget blood pressure target, systolic (140)
   * @param diastolicTarget blood pressure target, diastolic (80)
   * @param cholesterolBelow total cholesterol target, mmol/L (5)
   * @param lookbackMonths months in which results and care processes count (12)
   */
  public record Diabetes(
      @DefaultValue("58") double hba1cTarget,
      @DefaultValue("75") double poorControlAbove,
      @DefaultValue("140") double systolicTarget,
      @DefaultValue("80") double diastolicTarget,
      @DefaultValue("5.0") double cholesterolBelow,
      @DefaultValue("12") int lookbackMonths) {}
}
