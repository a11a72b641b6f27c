package org.carepath.coordination.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.carepath.coordination.risk.FrailtyBands.Band;
import org.carepath.coordination.risk.SevereFrailtySuggestionPolicy.NoSuggestion;
import org.carepath.coordination.risk.SevereFrailtySuggestionPolicy.Suggest;
import org.junit.jupiter.api.Test;

class SevereFrailtySuggestionPolicyTest {

  private final SevereFrailtySuggestionPolicy policy = new SevereFrailtySuggestionPolicy();

  @Test
  void movingIntoSevereSuggestsAReviewAndSaysWhy() {
    var decision = policy.decide(Optional.of(Band.MODERATE), score(14, Band.SEVERE));
    assertThat(decision).isInstanceOf(Suggest.class);
    assertThat(((Suggest) decision).reason())
        .contains("0.39")
        .contains("14 of 36")
        .contains("up from moderate")
        .contains("MDT");
  }

  @Test
  void aFirstResultThatIsSevereSuggestsAReview() {
    assertThat(policy.decide(Optional.empty(), score(20, Band.SEVERE))).isInstanceOf(Suggest.class);
  }

  @Test
  void stayingSevereOrNotBeingSevereSuggestsNothing() {
    assertThat(policy.decide(Optional.of(Band.SEVERE), score(15, Band.SEVERE)))
        .isInstanceOf(NoSuggestion.class);
    assertThat(policy.decide(Optional.of(Band.FIT), score(9, Band.MODERATE)))
        .isInstanceOf(NoSuggestion.class);
    assertThat(policy.decide(Optional.of(Band.SEVERE), score(12, Band.MODERATE)))
        .isInstanceOf(NoSuggestion.class);
  }

  private static FrailtyScore score(int deficits, Band band) {
    List<FrailtyScore.DeficitFound> found =
        IntStream.range(0, deficits)
            .mapToObj(i -> new FrailtyScore.DeficitFound("d" + i, List.of()))
            .toList();
    return new FrailtyScore(deficits / 36.0, band, 36, found);
  }
}
