package org.carepath.coordination.access.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.carepath.coordination.access.Sharing;
import org.hl7.fhir.r4.model.Condition;
import org.junit.jupiter.api.Test;

class SecurityLabelsTest {

  @Test
  void anUnlabelledItemIsSharedAndHasNoCustodian() {
    SecurityLabels.Labels labels = SecurityLabels.of(new Condition());

    assertThat(labels.sharing()).contains(Sharing.SHARED);
    assertThat(labels.custodianOds()).isEmpty();
    assertThat(labels.any()).isFalse();
  }

  @Test
  void setReplacesCarepathsLabelsAndKeepsOthers() {
    Condition condition = new Condition();
    condition.getMeta().addSecurity().setSystem(SecurityLabels.SHARING).setCode("sealed");
    condition
        .getMeta()
        .addSecurity()
        .setSystem("http://terminology.hl7.org/CodeSystem/v3-ActReason")
        .setCode("HTEST");

    SecurityLabels.set(condition, Optional.of("Z99101"), Sharing.ORGANISATION_PRIVATE);

    SecurityLabels.Labels labels = SecurityLabels.of(condition);
    assertThat(labels.custodianOds()).contains("Z99101");
    assertThat(labels.sharing()).contains(Sharing.ORGANISATION_PRIVATE);
    assertThat(condition.getMeta().getSecurity()).hasSize(3);
    SecurityLabels.set(condition, Optional.of("Z99101"), Sharing.SHARED);
    assertThat(condition.getMeta().getSecurity()).as("shared is the absence of a class").hasSize(2);
  }

  @Test
  void twoClassesOrAnUnknownOneAreNotAClass() {
    Condition two = new Condition();
    two.getMeta().addSecurity().setSystem(SecurityLabels.SHARING).setCode("sealed");
    two.getMeta().addSecurity().setSystem(SecurityLabels.SHARING).setCode("shared");
    Condition unknown = new Condition();
    unknown.getMeta().addSecurity().setSystem(SecurityLabels.SHARING).setCode("top-secret");

    assertThat(SecurityLabels.of(two).sharing()).isEmpty();
    assertThat(SecurityLabels.of(unknown).sharing()).isEmpty();
  }
}
