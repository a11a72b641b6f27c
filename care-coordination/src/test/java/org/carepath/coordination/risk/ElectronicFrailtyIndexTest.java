package org.carepath.coordination.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.carepath.coordination.risk.ElectronicFrailtyIndex.NotAssessed;
import org.carepath.coordination.risk.ElectronicFrailtyIndex.Scored;
import org.carepath.coordination.terminology.Code;
import org.junit.jupiter.api.Test;

class ElectronicFrailtyIndexTest {

  private static final DeficitCatalogue CATALOGUE =
      new DeficitCatalogue(
          Map.of(
              "falls", Set.of(Code.snomed("161898004"), Code.snomed("1912002")),
              "hypertension", Set.of(Code.snomed("38341003")),
              "atrial-fibrillation", Set.of(Code.snomed("49436004"))),
          36);

  private final ElectronicFrailtyIndex index =
      new ElectronicFrailtyIndex(
          CATALOGUE, FrailtyBands.defaults(), new FrailtyEligibilityPolicy(65), 5);

  @Test
  void scoresDeficitsFoundOverThirtySixAndSaysWhichRecordsShowThem() {
    ClinicalFacts facts =
        person(80)
            .with("Condition/1", "161898004")
            .with("Condition/2", "1912002")
            .with("Condition/3", "38341003")
            .with("Observation/9", "12345678") // no deficit
            .build();

    FrailtyScore score = ((Scored) index.assess(facts)).score();

    assertThat(score.deficits())
        .extracting(FrailtyScore.DeficitFound::deficit)
        .containsExactly("falls", "hypertension");
    assertThat(score.deficits().get(0).evidence()).containsExactly("Condition/1", "Condition/2");
    assertThat(score.score()).isEqualTo(2 / 36.0);
    assertThat(score.reportedScore()).isEqualTo(0.06);
    assertThat(score.band()).isEqualTo(FrailtyBands.Band.FIT);
    assertThat(score.evidence()).containsExactly("Condition/1", "Condition/2", "Condition/3");
  }

  @Test
  void polypharmacyIsFiveOrMoreActiveMedicines() {
    assertThat(deficitsWithMedicines(4)).doesNotContain(DeficitCatalogue.POLYPHARMACY);
    assertThat(deficitsWithMedicines(5)).containsExactly(DeficitCatalogue.POLYPHARMACY);
  }

  @Test
  void aDeficitCountsOnceHoweverManyRecordsShowIt() {
    ClinicalFacts facts =
        person(70).with("Condition/1", "161898004").with("Condition/2", "161898004").build();
    assertThat(((Scored) index.assess(facts)).score().deficits()).hasSize(1);
  }

  @Test
  void underSixtyFiveTheIndexDoesNotApplyAndSaysWhy() {
    var assessment = index.assess(person(64).with("Condition/1", "161898004").build());
    assertThat(assessment).isInstanceOf(NotAssessed.class);
    assertThat(((NotAssessed) assessment).reason()).contains("65");
    assertThat(index.assess(person(65).build())).isInstanceOf(Scored.class);
  }

  private List<String> deficitsWithMedicines(int count) {
    ClinicalFacts facts =
        new ClinicalFacts(
            75,
            List.of(),
            IntStream.range(0, count)
                .mapToObj(i -> ClinicalFacts.Medicine.of("MedicationStatement/" + i))
                .toList());
    return ((Scored) index.assess(facts))
        .score().deficits().stream().map(FrailtyScore.DeficitFound::deficit).toList();
  }

  private static FactsBuilder person(int age) {
    return new FactsBuilder(age);
  }

  private static final class FactsBuilder {
    private final int age;
    private final List<ClinicalFacts.Evidence> evidence = new ArrayList<>();

    FactsBuilder(int age) {
      this.age = age;
    }

    FactsBuilder with(String reference, String snomedCode) {
      evidence.add(new ClinicalFacts.Evidence(reference, Code.snomed(snomedCode)));
      return this;
    }

    ClinicalFacts build() {
      return new ClinicalFacts(age, evidence, List.of());
    }
  }
}
