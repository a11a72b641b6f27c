package org.carepath.coordination.risk;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The "top N% by score" cohort of a population (seed 000: find the people most likely to reach a
 * crisis): from how many people reached each score, the lowest score at which the people scoring it
 * or higher make up at least N% of those scored. People tied at that score are all in: nobody is
 * left out of a review list because of a tie.
 */
public final class TopCohortPolicy {

  private final double percent;

  /**
   * @param percent the cohort's share of the people scored, e.g. 2
   */
  public TopCohortPolicy(double percent) {
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("a percentage between 0 and 100 is needed");
    }
    this.percent = percent;
  }

  /** The cohort: its lowest score and how many people are in it. */
  public record Cohort(double percent, double minimumScore, int people, int scored) {}

  /**
   * @param peopleByScore how many people reached each score
   * @return empty if nobody was scored
   */
  public Optional<Cohort> cohort(Map<Double, Integer> peopleByScore) {
    int scored = peopleByScore.values().stream().mapToInt(Integer::intValue).sum();
    if (scored == 0) {
      return Optional.empty();
    }
    double wanted = scored * percent / 100.0;
    int people = 0;
    for (var entry : new TreeMap<>(peopleByScore).descendingMap().entrySet()) {
      people += entry.getValue();
      if (people >= wanted) {
        return Optional.of(new Cohort(percent, entry.getKey(), people, scored));
      }
    }
    throw new IllegalStateException("unreachable: the whole population reaches any share");
  }
}
