package org.carepath.coordination.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.carepath.coordination.risk.FrailtyBands.Band;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrailtyBandsTest {

  @ParameterizedTest(name = "{0} of 36 deficits is {1}")
  @CsvSource({
    "0, FIT", "4, FIT", // 4/36 = 0.11
    "5, MILD", "8, MILD", // 0.14, 0.22
    "9, MODERATE", "13, MODERATE", // 0.25, 0.36 (0.361 reported to two decimals)
    "14, SEVERE", "36, SEVERE" // 0.39, 1.00
  })
  void bandsAtTheExactCutPointsOfThirtySixDeficits(int deficits, Band expected) {
    assertThat(FrailtyBands.defaults().bandOf(deficits / 36.0)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "0.12, FIT",
    "0.13, MILD",
    "0.24, MILD",
    "0.25, MODERATE",
    "0.36, MODERATE",
    "0.37, SEVERE"
  })
  void bandsAtTheReportedCutPoints(double score, Band expected) {
    assertThat(FrailtyBands.defaults().bandOf(score)).isEqualTo(expected);
  }

  @Test
  void cutPointsAreConfiguration() {
    FrailtyBands stricter = new FrailtyBands(0.10, 0.20, 0.30);
    assertThat(stricter.bandOf(11 / 36.0)).isEqualTo(Band.SEVERE);
    assertThatThrownBy(() -> new FrailtyBands(0.3, 0.2, 0.4))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
