package org.carepath.coordination.careplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.carepath.coordination.careplan.EndOfLifeRecordPolicy.Decision;
import org.carepath.coordination.careplan.EndOfLifeRecordPolicy.Entry;
import org.carepath.coordination.terminology.Code;
import org.junit.jupiter.api.Test;

class EndOfLifeRecordPolicyTest {

  private static final Code HOME = Code.snomed("264362003");

  private final EndOfLifeRecordPolicy policy =
      new EndOfLifeRecordPolicy(Set.of(HOME, Code.snomed("284546000")), "the places");

  @Test
  void aResuscitationDecisionNamesWhoMadeItAndWhen() {
    assertThat(policy.check(new Entry("resuscitation-decision", true, true, Set.of())))
        .isInstanceOf(Decision.Accepted.class);
    assertThat(policy.check(new Entry("resuscitation-decision", false, true, Set.of())))
        .isInstanceOf(Decision.Rejected.class);
    Decision undated = policy.check(new Entry("resuscitation-decision", true, false, Set.of()));
    assertThat(((Decision.Rejected) undated).reason()).contains("performer").contains("effective");
  }

  @Test
  void aPlaceOfCareOrDeathIsAKnownPlace() {
    for (String kind : EndOfLifeRecordPolicy.PLACES) {
      assertThat(policy.check(new Entry(kind, false, true, Set.of(HOME))))
          .isInstanceOf(Decision.Accepted.class);
      Decision unknown = policy.check(new Entry(kind, false, true, Set.of(Code.snomed("1"))));
      assertThat(((Decision.Rejected) unknown).reason()).contains("the places");
      assertThat(policy.check(new Entry(kind, false, true, Set.of())))
          .as("a free-text place cannot be acted on")
          .isInstanceOf(Decision.Rejected.class);
    }
  }

  @Test
  void otherEntriesNeedNeitherAPlaceNorADecisionMaker() {
    assertThat(policy.check(new Entry("lasting-power-of-attorney", false, true, Set.of())))
        .isInstanceOf(Decision.Accepted.class);
  }
}
