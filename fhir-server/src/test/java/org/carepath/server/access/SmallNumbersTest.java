package org.carepath.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.carepath.coordination.access.SmallNumberPolicy;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

class SmallNumbersTest {

  private final SmallNumbers smallNumbers =
      new SmallNumbers(new SmallNumberPolicy(SmallNumberPolicy.DEFAULT_THRESHOLD));

  @Test
  void aReportsSmallCountsAndTheScoreFromThemAreMaskedTheRestShown() {
    MeasureReport report = new MeasureReport();
    var group = report.addGroup();
    group.addPopulation().setCount(12);
    group.addPopulation().setCount(3);
    group.addPopulation().setCount(0);
    group.setMeasureScore(new Quantity(0.25));
    var stratum = group.addStratifier().addStratum();
    stratum.addPopulation().setCount(40);
    stratum.setMeasureScore(new Quantity(0.5));

    smallNumbers.withhold(report);

    assertThat(group.getPopulation().get(0).getCount()).isEqualTo(12);
    assertThat(group.getPopulation().get(1).getCountElement().getValue()).isNull();
    assertThat(masked(group.getPopulation().get(1).getCountElement())).isTrue();
    assertThat(group.getPopulation().get(2).getCount()).isZero();
    assertThat(group.getMeasureScore().getValue()).isNull();
    assertThat(group.getMeasureScore().getExtensionByUrl(SmallNumbers.DATA_ABSENT_REASON))
        .isNotNull();
    // A stratum whose own counts are large keeps its score.
    assertThat(stratum.getMeasureScore().getValue().doubleValue()).isEqualTo(0.5);
  }

  @Test
  void smallIntegerCountsInParametersAreMaskedAtAnyDepthAndInsideBundles() {
    Parameters summary = new Parameters();
    summary.addParameter().setName("patients").setValue(new IntegerType(240));
    var efi = summary.addParameter().setName("efi");
    efi.addPart().setName("severe").setValue(new IntegerType(2));
    Bundle status = new Bundle();
    status.addEntry().setResource(summary);

    smallNumbers.withhold(status);

    assertThat(((IntegerType) summary.getParameter().get(0).getValue()).getValue()).isEqualTo(240);
    IntegerType severe = (IntegerType) efi.getPart().get(0).getValue();
    assertThat(severe.getValue()).isNull();
    assertThat(masked(severe)).isTrue();
  }

  private static boolean masked(IntegerType count) {
    var reason = count.getExtensionByUrl(SmallNumbers.DATA_ABSENT_REASON);
    return reason != null && "masked".equals(((CodeType) reason.getValue()).getValue());
  }
}
