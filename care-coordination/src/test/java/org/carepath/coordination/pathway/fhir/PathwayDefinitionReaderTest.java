package org.carepath.coordination.pathway.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.carepath.coordination.pathway.StepTiming;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.junit.jupiter.api.Test;

class PathwayDefinitionReaderTest {

  private static final PlanDefinition PLAN =
      new PlanDefinition().setUrl("https://example.org/PlanDefinition/x");

  private static Duration ucum(int value, String code) {
    Duration duration = new Duration();
    duration.setValue(BigDecimal.valueOf(value));
    duration.setSystem("http://unitsofmeasure.org");
    duration.setCode(code);
    return duration;
  }

  @Test
  void minutesAndHoursAreKeptToTheMinute() {
    assertThat(PathwayDefinitionReader.timing(PLAN, "s", ucum(90, "min")))
        .isEqualTo(new StepTiming.After(java.time.Duration.ofMinutes(90)));
    assertThat(PathwayDefinitionReader.timing(PLAN, "s", ucum(2, "h")))
        .isEqualTo(new StepTiming.After(java.time.Duration.ofMinutes(120)));
  }

  @Test
  void anUnknownUnitIsRefusedNamingTheStep() {
    assertThatThrownBy(() -> PathwayDefinitionReader.timing(PLAN, "s", ucum(1, "mo")))
        .hasMessageContaining("step s")
        .hasMessageContaining("min, h, d, wk");
  }
}
