package org.carepath.coordination.risk;

/**
 * The eFI bands (Clegg et al. 2016): fit up to 0.12, mild up to 0.24, moderate up to 0.36, severe
 * above. The cut-points are configuration; these are the defaults.
 *
 * @param fitUpTo highest score still "fit"
 * @param mildUpTo highest score still "mild"
 * @param moderateUpTo highest score still "moderate"; above it is "severe"
 */
public record FrailtyBands(double fitUpTo, double mildUpTo, double moderateUpTo) {

  /** A frailty band; {@link #code()} is its code in the {@code risk-band} CodeSystem. */
  public enum Band {
    FIT("fit"),
    MILD("mild"),
    MODERATE("moderate"),
    SEVERE("severe");

    private final String code;

    Band(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static java.util.Optional<Band> fromCode(String code) {
      return java.util.Arrays.stream(values()).filter(b -> b.code.equals(code)).findFirst();
    }
  }

  /** Default highest "fit" score (the one place the number is written; configuration reads it). */
  public static final double DEFAULT_FIT_UP_TO = 0.12;

  /** Default highest "mild" score. */
  public static final double DEFAULT_MILD_UP_TO = 0.24;

  /** Default highest "moderate" score. */
  public static final double DEFAULT_MODERATE_UP_TO = 0.36;

  public static FrailtyBands defaults() {
    return new FrailtyBands(DEFAULT_FIT_UP_TO, DEFAULT_MILD_UP_TO, DEFAULT_MODERATE_UP_TO);
  }

  public FrailtyBands {
    if (!(0 <= fitUpTo && fitUpTo < mildUpTo && mildUpTo < moderateUpTo && moderateUpTo < 1)) {
      throw new IllegalArgumentException("cut-points must rise between 0 and 1");
    }
  }

  /**
   * The band of a score. Scores are compared after rounding to two decimals, as the eFI is reported
   * (so 4/36 = 0.111 is fit, 9/36 = 0.25 is moderate).
   */
  public Band bandOf(double score) {
    double reported = Math.round(score * 100) / 100.0;
    if (reported <= fitUpTo) {
      return Band.FIT;
    }
    if (reported <= mildUpTo) {
      return Band.MILD;
    }
    return reported <= moderateUpTo ? Band.MODERATE : Band.SEVERE;
  }
}
