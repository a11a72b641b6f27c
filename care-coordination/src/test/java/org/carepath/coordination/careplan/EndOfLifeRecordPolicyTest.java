package org.carepath.coordination.careplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.careplan.EndOfLifeRecordPolicy.Decision;
import org.carepath.coordination.careplan.EndOfLifeRecordPolicy.Entry;
import org.carepath.coordination.terminology.Code;
import org.junit.jupiter.api.Test;

class EndOfLifeRecordPolicyTest {

  private static final Code HOME = Code.snomed("264362003");
  private static final Optional<LocalDate> DECIDED = Optional.of(LocalDate.of(2026, 12, 1));
  private static final String DNACPR = EndOfLifeRecordPolicy.RESUSCITATION_DECISION;

  private final EndOfLifeRecordPolicy policy =
      new EndOfLifeRecordPolicy(Set.of(HOME, Code.snomed("284546000")), "the places");

  @Test
  void aResuscitationDecisionNamesWhoMadeItAndWhen() {
    assertThat(policy.check(new Entry(DNACPR, true, DECIDED, Set.of(), true, Optional.empty())))
        .isInstanceOf(Decision.Accepted.class);
    assertThat(policy.check(new Entry(DNACPR, false, DECIDED, Set.of(), true, Optional.empty())))
        .isInstanceOf(Decision.Rejected.class);
    Decision undated =
        policy.check(new Entry(DNACPR, true, Optional.empty(), Set.of(), true, Optional.empty()));
    assertThat(((Decision.Rejected) undated).reason()).contains("performer").contains("effective");
  }

  @Test
  void aResuscitationDecisionSaysWithWhomItWasDiscussed() {
    Decision undiscussed =
        policy.check(new Entry(DNACPR, true, DECIDED, Set.of(), false, Optional.empty()));
    assertThat(((Decision.Rejected) undiscussed).reason())
        .contains("discussed-with")
        .contains("why it was not discussed");
  }

  @Test
  void itsReviewDateIsNotBeforeTheDecision() {
    assertThat(
            policy.check(
                new Entry(
                    DNACPR, true, DECIDED, Set.of(), true, Optional.of(LocalDate.of(2027, 6, 1)))))
        .isInstanceOf(Decision.Accepted.class);
    Decision backwards =
        policy.check(
            new Entry(
                DNACPR, true, DECIDED, Set.of(), true, Optional.of(LocalDate.of(2026, 11, 30))));
    assertThat(((Decision.Rejected) backwards).reason()).contains("2026-11-30").contains("review");
  }

  @Test
  void aPlaceOfCareOrDeathIsAKnownPlace() {
    for (String kind : EndOfLifeRecordPolicy.PLACES) {
      assertThat(policy.check(new Entry(kind, false, DECIDED, Set.of(HOME))))
          .isInstanceOf(Decision.Accepted.class);
      Decision unknown = policy.check(new Entry(kind, false, DECIDED, Set.of(Code.snomed("1"))));
      assertThat(((Decision.Rejected) unknown).reason()).contains("the places");
      assertThat(policy.check(new Entry(kind, false, DECIDED, Set.of())))
          .as("a free-text place cannot be acted on")
          .isInstanceOf(Decision.Rejected.class);
    }
  }

  @Test
  void otherEntriesNeedNeitherAPlaceNorADecisionMaker() {
    assertThat(policy.check(new Entry("lasting-power-of-attorney", false, DECIDED, Set.of())))
        .isInstanceOf(Decision.Accepted.class);
  }
}
