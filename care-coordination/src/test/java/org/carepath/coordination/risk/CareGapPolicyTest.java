package org.carepath.coordination.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.carepath.coordination.risk.CareGapPolicy.Gap;
import org.carepath.coordination.risk.CareGapPolicy.NoGap;
import org.junit.jupiter.api.Test;

class CareGapPolicyTest {

  private final CareGapPolicy policy = new CareGapPolicy();

  @Test
  void severeFrailtyWithoutAPcspIsAGap() {
    var decision = policy.severeFrailty(true, false);
    assertThat(decision).isInstanceOf(Gap.class);
    assertThat(((Gap) decision).kind()).isEqualTo(CareGapPolicy.Kind.SEVERE_FRAILTY_WITHOUT_PCSP);
    assertThat(policy.severeFrailty(true, true)).isInstanceOf(NoGap.class);
    assertThat(policy.severeFrailty(false, false)).isInstanceOf(NoGap.class);
  }

  @Test
  void missingDiabetesCareProcessesAreAGapNamingThem() {
    var decision = policy.diabetesCareProcesses(List.of("foot-surveillance", "urine-albumin"));
    assertThat(((Gap) decision).reason()).contains("foot-surveillance, urine-albumin");
    assertThat(policy.diabetesCareProcesses(List.of())).isInstanceOf(NoGap.class);
  }
}
