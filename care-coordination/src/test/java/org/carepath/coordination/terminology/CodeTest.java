package org.carepath.coordination.terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodeTest {

  @Test
  void aConfiguredCodeIsSystemBarCode() {
    assertThat(Code.parse("https://fhir.carepath.org/CodeSystem/service-type|falls-team"))
        .isEqualTo(new Code("https://fhir.carepath.org/CodeSystem/service-type", "falls-team"));
  }

  @Test
  void aCodeWithoutSystemOrCodeIsRefused() {
    for (String bad : new String[] {"falls-team", "|falls-team", "https://x|", ""}) {
      assertThatThrownBy(() -> Code.parse(bad)).as(bad).hasMessageContaining("system|code");
    }
  }
}
