package org.carepath.coordination.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopCohortPolicyTest {

  @Test
  void theCohortIsTheHighestScoresThatReachTheShare() {
    // 100 people: 1 at 0.5, 1 at 0.44, 8 at 0.3, 90 at 0.1 — 2% is the two highest.
    var cohort =
        new TopCohortPolicy(2).cohort(Map.of(0.5, 1, 0.44, 1, 0.3, 8, 0.1, 90)).orElseThrow();
    assertThat(cohort.minimumScore()).isEqualTo(0.44);
    assertThat(cohort.people()).isEqualTo(2);
    assertThat(cohort.scored()).isEqualTo(100);
  }

  @Test
  void peopleTiedAtTheBoundaryAreAllIn() {
    var cohort = new TopCohortPolicy(2).cohort(Map.of(0.5, 1, 0.3, 8, 0.1, 91)).orElseThrow();
    assertThat(cohort.minimumScore()).isEqualTo(0.3);
    assertThat(cohort.people()).isEqualTo(9);
  }

  @Test
  void nobodyScoredMeansNoCohortAndTheShareMustBeAPercentage() {
    assertThat(new TopCohortPolicy(2).cohort(Map.of())).isEmpty();
    assertThatThrownBy(() -> new TopCohortPolicy(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TopCohortPolicy(101)).isInstanceOf(IllegalArgumentException.class);
  }
}
