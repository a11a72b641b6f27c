package org.carepath.coordination.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmallNumberPolicyTest {

  private final SmallNumberPolicy policy =
      new SmallNumberPolicy(SmallNumberPolicy.DEFAULT_THRESHOLD);

  @Test
  void countsOfOneToFourAreWithheldZeroAndFiveAreShown() {
    assertThat(policy.withholds(0)).isFalse();
    assertThat(policy.withholds(1)).isTrue();
    assertThat(policy.withholds(4)).isTrue();
    assertThat(policy.withholds(5)).isFalse();
    assertThat(policy.withholds(120)).isFalse();
    assertThat(policy.reason()).contains("1 to 4");
  }

  @Test
  void onlyCommissionersGetSuppressedAggregates() {
    assertThat(policy.appliesTo(new Accessor(Duty.COMMISSIONING, Optional.empty(), Set.of())))
        .isTrue();
    assertThat(
            policy.appliesTo(
                new Accessor(
                    Duty.DIRECT_CARE, Optional.of("Organization/p"), Set.of("Organization/p"))))
        .isFalse();
  }

  @Test
  void aThresholdOfOneWithholdsNothingAndBelowOneIsRefused() {
    assertThat(new SmallNumberPolicy(1).withholds(1)).isFalse();
    assertThatThrownBy(() -> new SmallNumberPolicy(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
