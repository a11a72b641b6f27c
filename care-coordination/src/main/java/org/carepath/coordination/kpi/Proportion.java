package org.carepath.coordination.kpi;

import java.util.Optional;

/** A proportion KPI's counts: how many of the denominator are in the numerator. */
public record Proportion(int numerator, int denominator) {

  public static final Proportion NONE = new Proportion(0, 0);

  public Proportion {
    if (numerator < 0 || denominator < numerator) {
      throw new IllegalArgumentException(
          "a numerator is within its denominator: " + numerator + "/" + denominator);
    }
  }

  /** The score (0 to 1); none when the denominator is empty. */
  public Optional<Double> score() {
    return denominator == 0 ? Optional.empty() : Optional.of((double) numerator / denominator);
  }

  public Proportion plus(Proportion other) {
    return new Proportion(numerator + other.numerator, denominator + other.denominator);
  }
}
