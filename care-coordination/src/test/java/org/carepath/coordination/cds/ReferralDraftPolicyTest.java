package org.carepath.coordination.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.cds.PatientViewPolicy.Card;
import org.carepath.coordination.cds.PatientViewPolicy.Indicator;
import org.carepath.coordination.cds.ReferralDraftPolicy.Draft;
import org.junit.jupiter.api.Test;

class ReferralDraftPolicyTest {

  private final ReferralDraftPolicy policy = new ReferralDraftPolicy();

  @Test
  void aCompleteRoutableReferralSaysWhereItGoesAndByWhen() {
    List<Card> cards =
        policy.cards(
            new Draft(
                "Referral",
                Optional.of("Community respiratory team"),
                "offers community-respiratory; covers the patient's practice",
                Optional.of(Instant.parse("2026-12-14T17:00:00Z")),
                List.of(),
                Optional.empty()));
    assertThat(cards)
        .singleElement()
        .satisfies(
            card -> {
              assertThat(card.indicator()).isEqualTo(Indicator.INFO);
              assertThat(card.summary())
                  .isEqualTo(
                      "Goes to Community respiratory team, to be accepted by 2026-12-14T17:00:00Z");
              assertThat(card.detail()).contains("covers the patient's practice");
            });
  }

  @Test
  void whatWouldRefuseTheReferralIsCriticalAndAnUnroutableOneWarns() {
    List<Card> cards =
        policy.cards(
            new Draft(
                "Referral",
                Optional.empty(),
                "no service offers falls-team for this practice",
                Optional.empty(),
                List.of("ServiceRequest.reasonCode: minimum required = 1, but only found 0"),
                Optional.of(
                    "A referral to the falls team needs a multifactorial falls assessment recorded first")));
    assertThat(cards)
        .extracting(Card::kind)
        .containsExactly("referral-incomplete", "falls-assessment-first", "referral-unroutable");
    assertThat(cards.get(0).indicator()).isEqualTo(Indicator.CRITICAL);
    assertThat(cards.get(0).detail()).contains("reasonCode");
    assertThat(cards.get(2).indicator()).isEqualTo(Indicator.WARNING);
  }
}
