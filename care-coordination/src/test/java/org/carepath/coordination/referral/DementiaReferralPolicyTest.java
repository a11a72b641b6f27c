package org.carepath.coordination.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.pathway.ConditionGroups;
import org.junit.jupiter.api.Test;

class DementiaReferralPolicyTest {

  private static final Set<String> DEMENTIA = Set.of(ConditionGroups.DEMENTIA);
  private static final Optional<String> PRACTICE = Optional.of("Organization/practice-1");
  private final DementiaReferralPolicy policy = new DementiaReferralPolicy();

  @Test
  void aConfirmedDementiaDiagnosisRefersFromThePatientsPractice() {
    assertThat(policy.decide(DEMENTIA, Set.of("confirmed"), PRACTICE))
        .isInstanceOf(DementiaReferralPolicy.Decision.Refer.class);
    // No verification status recorded is taken as a diagnosis (as GP systems send them).
    assertThat(policy.decide(DEMENTIA, Set.of(), PRACTICE))
        .isInstanceOf(DementiaReferralPolicy.Decision.Refer.class);
  }

  @Test
  void anUnconfirmedDiagnosisRefersNobody() {
    for (String status :
        Set.of("unconfirmed", "provisional", "differential", "refuted", "entered-in-error")) {
      assertThat(policy.isConfirmedDementia(DEMENTIA, Set.of(status))).as(status).isFalse();
      assertThat(policy.decide(DEMENTIA, Set.of(status), PRACTICE))
          .isEqualTo(
              new DementiaReferralPolicy.Decision.NoReferral(
                  "The Condition is not a confirmed dementia diagnosis."));
    }
  }

  @Test
  void anotherProblemOrNoPracticeRefersNobodyAndSaysWhy() {
    assertThat(policy.isConfirmedDementia(Set.of(ConditionGroups.COPD), Set.of())).isFalse();
    assertThat(policy.decide(DEMENTIA, Set.of("confirmed"), Optional.empty()))
        .isInstanceOfSatisfying(
            DementiaReferralPolicy.Decision.NoReferral.class,
            none -> assertThat(none.reason()).contains("no registered practice"));
  }
}
