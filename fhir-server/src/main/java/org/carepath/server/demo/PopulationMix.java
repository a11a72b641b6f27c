package org.carepath.server.demo;

import java.util.EnumMap;
import java.util.Map;
import org.carepath.server.demo.ClinicalCodes.Condition;

/**
 * Who is in a synthetic population: the age structure and how common each long-term condition is in
 * each age band (children, 18–64, 65–79, 80+).
 *
 * @param ageBandWeights relative weights of the bands 0–14, 15–64, 65–74, 75+
 * @param prevalenceScale multiplies every prevalence (capped at 0.9): 1 for a general practice
 *     list, more for a clinician's caseload
 */
public record PopulationMix(double[] ageBandWeights, double prevalenceScale) {

  /**
   * A GP practice list with England's age structure (seed 000: 15.4% under 15, 9.1% over 75) and
   * national prevalence (diabetes ~6%, COPD ~2%, heart failure ~1%, dementia ~0.8%).
   */
  public static PopulationMix generalPractice() {
    return new PopulationMix(new double[] {15.4, 65.5, 10.0, 9.1}, 1.0);
  }

  /**
   * The people a care coordinator meets: adults, older, most with at least one long-term condition.
   * Used for the demo population.
   */
  public static PopulationMix caseload() {
    return new PopulationMix(new double[] {0, 35, 30, 35}, 3.0);
  }

  /** Prevalence of each condition by band: under 18, 18–64, 65–79, 80 and over. */
  private static final Map<Condition, double[]> PREVALENCE = new EnumMap<>(Condition.class);

  static {
    PREVALENCE.put(Condition.TYPE_2_DIABETES, new double[] {0, 0.045, 0.15, 0.17});
    PREVALENCE.put(Condition.TYPE_1_DIABETES, new double[] {0.002, 0.004, 0.004, 0.003});
    PREVALENCE.put(Condition.COPD, new double[] {0, 0.008, 0.06, 0.08});
    PREVALENCE.put(Condition.ASTHMA, new double[] {0.08, 0.06, 0.06, 0.05});
    PREVALENCE.put(Condition.HEART_FAILURE, new double[] {0, 0.002, 0.03, 0.08});
    PREVALENCE.put(Condition.HYPERTENSION, new double[] {0, 0.08, 0.40, 0.55});
    PREVALENCE.put(Condition.ATRIAL_FIBRILLATION, new double[] {0, 0.003, 0.06, 0.12});
    PREVALENCE.put(Condition.CKD_STAGE_3, new double[] {0, 0.01, 0.12, 0.25});
    PREVALENCE.put(Condition.DEMENTIA, new double[] {0, 0.0005, 0.02, 0.10});
    PREVALENCE.put(Condition.OSTEOARTHRITIS, new double[] {0, 0.06, 0.30, 0.40});
    PREVALENCE.put(Condition.OSTEOPOROSIS, new double[] {0, 0.01, 0.10, 0.18});
    PREVALENCE.put(Condition.PARKINSONS, new double[] {0, 0.0005, 0.01, 0.02});
    PREVALENCE.put(Condition.DEPRESSION, new double[] {0.01, 0.12, 0.10, 0.10});
    PREVALENCE.put(Condition.HEARING_LOSS, new double[] {0.002, 0.03, 0.25, 0.45});
    PREVALENCE.put(Condition.VISUAL_IMPAIRMENT, new double[] {0.002, 0.01, 0.06, 0.15});
    PREVALENCE.put(Condition.URINARY_INCONTINENCE, new double[] {0, 0.02, 0.12, 0.22});
    PREVALENCE.put(Condition.FALLS, new double[] {0, 0.01, 0.10, 0.25});
    PREVALENCE.put(Condition.FRAILTY, new double[] {0, 0, 0.04, 0.20});
    PREVALENCE.put(Condition.IMPAIRED_MOBILITY, new double[] {0, 0.01, 0.08, 0.25});
    PREVALENCE.put(Condition.HOUSEBOUND, new double[] {0, 0.002, 0.03, 0.12});
    PREVALENCE.put(Condition.LIVES_ALONE, new double[] {0, 0.10, 0.20, 0.35});
    PREVALENCE.put(Condition.MEMORY_IMPAIRMENT, new double[] {0, 0.005, 0.05, 0.15});
    PREVALENCE.put(Condition.DIZZINESS, new double[] {0, 0.02, 0.08, 0.15});
    PREVALENCE.put(Condition.DYSPNOEA, new double[] {0, 0.02, 0.08, 0.15});
    PREVALENCE.put(Condition.SLEEP_DISORDER, new double[] {0.01, 0.05, 0.08, 0.10});
    PREVALENCE.put(Condition.ANAEMIA, new double[] {0.01, 0.02, 0.06, 0.12});
    PREVALENCE.put(Condition.WEIGHT_LOSS, new double[] {0, 0.005, 0.03, 0.08});
    PREVALENCE.put(Condition.ISCHAEMIC_HEART_DISEASE, new double[] {0, 0.015, 0.10, 0.15});
    PREVALENCE.put(Condition.THYROID_DISEASE, new double[] {0.001, 0.03, 0.07, 0.08});
  }

  public PopulationMix {
    ageBandWeights = ageBandWeights.clone();
  }

  @Override
  public double[] ageBandWeights() {
    return ageBandWeights.clone();
  }

  /** The chance that a person of this age has the condition. */
  double prevalence(Condition condition, int age) {
    return prevalence(condition, age, 1.0);
  }

  /**
   * The chance for a person of this age with this propensity to accumulate deficits ({@link
   * #propensity}): frailty clusters, so some older people have many conditions and most few.
   */
  double prevalence(Condition condition, int age, double propensity) {
    int band = age < 18 ? 0 : age < 65 ? 1 : age < 80 ? 2 : 3;
    return Math.min(0.9, PREVALENCE.get(condition)[band] * prevalenceScale * propensity);
  }

  /**
   * A person's propensity to accumulate deficits, from a uniform number in [0, 1): 1 under 65; from
   * 65 a skewed draw between 0.4 and 2.8 (mean 1.2), which gives the long tail of severe frailty
   * that independent conditions alone would not.
   */
  static double propensity(int age, double uniform) {
    return age < 65 ? 1.0 : 0.4 + 2.4 * uniform * uniform;
  }

  /** Draws an age in years from the age structure, given a uniform number in [0, 1). */
  int age(double uniform, double withinBand) {
    double total = 0;
    for (double weight : ageBandWeights) {
      total += weight;
    }
    int[][] bands = {{0, 14}, {15, 64}, {65, 74}, {75, 99}};
    double point = uniform * total;
    for (int band = 0; band < bands.length; band++) {
      if (point < ageBandWeights[band] || band == bands.length - 1) {
        int low = bands[band][0];
        int high = bands[band][1];
        // Older bands thin out with age: square the position within the 75+ band.
        double position = band == 3 ? withinBand * withinBand : withinBand;
        return low + (int) (position * (high - low + 1));
      }
      point -= ageBandWeights[band];
    }
    throw new IllegalStateException("unreachable");
  }
}
