package org.carepath.coordination.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.kpi.PlaceOfDeathPolicy.Decision;
import org.carepath.coordination.kpi.PlaceOfDeathPolicy.Place;
import org.junit.jupiter.api.Test;

class PlaceOfDeathPolicyTest {

  private static final Place HOME = new Place(Set.of("http://snomed.info/sct|264362003"), "Home");
  private static final Place HOSPITAL =
      new Place(Set.of("http://snomed.info/sct|22232009"), "Hospital");
  private final PlaceOfDeathPolicy policy = new PlaceOfDeathPolicy();

  @Test
  void dyingWhereTheyPreferredCounts() {
    assertThat(policy.decide(Optional.of(HOME), HOME))
        .isInstanceOf(Decision.InPreferredPlace.class);
  }

  @Test
  void dyingElsewhereIsInTheDenominatorWithBothPlacesInTheReason() {
    Decision decision = policy.decide(Optional.of(HOME), HOSPITAL);
    assertThat(decision).isInstanceOf(Decision.ElsewhereThanPreferred.class);
    assertThat(((Decision.ElsewhereThanPreferred) decision).reason())
        .isEqualTo("Died in Hospital; the preferred place was Home.");
  }

  @Test
  void withoutARecordedPreferenceTheDeathIsNotCounted() {
    assertThat(policy.decide(Optional.empty(), HOSPITAL))
        .isInstanceOf(Decision.NoPreferenceRecorded.class);
  }

  @Test
  void placesMatchOnAnySharedCodingNotOnTheirLabels() {
    Place homeWithLocalCode =
        new Place(Set.of("https://example.org/places|H", "http://snomed.info/sct|264362003"), "H");
    Place sameLabelOtherCode = new Place(Set.of("https://example.org/places|X"), "Home");
    assertThat(policy.decide(Optional.of(HOME), homeWithLocalCode))
        .isInstanceOf(Decision.InPreferredPlace.class);
    assertThat(policy.decide(Optional.of(HOME), sameLabelOtherCode))
        .isInstanceOf(Decision.ElsewhereThanPreferred.class);
  }
}
