package org.carepath.coordination.access;

/**
 * Small-number suppression in what commissioners receive (NHS Digital's disclosure control for
 * published and shared aggregates): a count of 1 to {@code threshold − 1} people could identify
 * someone, so it is withheld — and so is anything computed from it (a rate) — while 0 and counts of
 * at least {@code threshold} are shown. Direct care sees its own patients and gets exact counts.
 */
public final class SmallNumberPolicy {

  /** The default: counts under 5 are withheld. */
  public static final int DEFAULT_THRESHOLD = 5;

  private final int threshold;

  /**
   * @param threshold the smallest count shown besides 0; 1 withholds nothing
   */
  public SmallNumberPolicy(int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1: " + threshold);
    }
    this.threshold = threshold;
  }

  /** Whether {@code accessor} receives aggregates with small numbers withheld. */
  public boolean appliesTo(Accessor accessor) {
    return accessor.duty() == Duty.COMMISSIONING;
  }

  /** Whether the count is withheld. */
  public boolean withholds(int count) {
    return count > 0 && count < threshold;
  }

  /** Why a withheld count is not shown, for the reader. */
  public String reason() {
    return "Counts of 1 to " + (threshold - 1) + " are withheld from commissioners' aggregates.";
  }
}
