package org.carepath.coordination.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.cds.PatientViewPolicy.Card;
import org.carepath.coordination.cds.PatientViewPolicy.Indicator;
import org.carepath.coordination.cds.PatientViewPolicy.Record;
import org.carepath.coordination.cds.PatientViewPolicy.Work;
import org.junit.jupiter.api.Test;

class PatientViewPolicyTest {

  private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
  private static final String OURS = "Organization/practice";
  private static final String THEIRS = "Organization/community";

  private final PatientViewPolicy policy = new PatientViewPolicy(Duration.ofDays(2));

  private static Work step(String owner, Instant due, String status) {
    return new Work(
        "s",
        "Falls assessment",
        status,
        Optional.of(owner),
        Optional.empty(),
        Optional.of(due),
        Set.of(),
        false);
  }

  private static Work referral(String requester, String status, Set<String> businessStatus) {
    return new Work(
        "r",
        "Referral: respiratory",
        status,
        Optional.of(THEIRS),
        Optional.of(requester),
        Optional.empty(),
        businessStatus,
        true);
  }

  private static Record record(List<Work> work) {
    return new Record(work, Optional.empty(), Optional.empty(), false, List.of());
  }

  private List<Card> cards(Record record) {
    return policy.cards(record, Set.of(OURS), NOW);
  }

  @Test
  void anOverdueStepOfOurOrganisationWarnsWithTheRuleAndTheStep() {
    List<Card> cards =
        cards(record(List.of(step(OURS, NOW.minus(Duration.ofDays(1)), "requested"))));
    assertThat(cards)
        .singleElement()
        .satisfies(
            card -> {
              assertThat(card.kind()).isEqualTo("steps-due");
              assertThat(card.indicator()).isEqualTo(Indicator.WARNING);
              assertThat(card.summary()).contains("1 pathway step").contains("overdue");
              assertThat(card.detail())
                  .contains("Rule:")
                  .contains("Falls assessment")
                  .contains("was due");
            });
  }

  @Test
  void aStepDueSoonInformsAndOneDueLaterOrAnotherOrganisationsOrDoneDoesNot() {
    assertThat(cards(record(List.of(step(OURS, NOW.plus(Duration.ofDays(1)), "accepted")))))
        .singleElement()
        .extracting(Card::indicator)
        .isEqualTo(Indicator.INFO);
    assertThat(
            cards(
                record(
                    List.of(
                        step(OURS, NOW.plus(Duration.ofDays(5)), "requested"),
                        step(THEIRS, NOW.minus(Duration.ofDays(1)), "requested"),
                        step(OURS, NOW.minus(Duration.ofDays(1)), "completed")))))
        .isEmpty();
  }

  @Test
  void referralsWeSentWaitOrBreachAndAdviceIsShown() {
    assertThat(cards(record(List.of(referral(OURS, "requested", Set.of())))))
        .singleElement()
        .satisfies(
            card -> {
              assertThat(card.kind()).isEqualTo("referrals-waiting");
              assertThat(card.indicator()).isEqualTo(Indicator.INFO);
            });
    assertThat(cards(record(List.of(referral(OURS, "requested", Set.of("breaching"))))))
        .singleElement()
        .extracting(Card::indicator)
        .isEqualTo(Indicator.WARNING);
    assertThat(cards(record(List.of(referral(OURS, "completed", Set.of("advice-given"))))))
        .singleElement()
        .extracting(Card::kind)
        .isEqualTo("advice-received");
    assertThat(cards(record(List.of(referral(THEIRS, "requested", Set.of("breaching"))))))
        .isEmpty();
  }

  @Test
  void severeFrailtyWithoutAPersonalisedCarePlanWarnsOnlyWithoutOne() {
    Record without =
        new Record(List.of(), Optional.of("severe"), Optional.of(NOW), false, List.of());
    assertThat(cards(without))
        .singleElement()
        .satisfies(
            card -> {
              assertThat(card.kind()).isEqualTo("severe-frailty-without-pcsp");
              assertThat(card.detail()).contains("electronic frailty index");
            });
    assertThat(
            cards(new Record(List.of(), Optional.of("severe"), Optional.of(NOW), true, List.of())))
        .isEmpty();
    assertThat(
            cards(
                new Record(List.of(), Optional.of("moderate"), Optional.of(NOW), false, List.of())))
        .isEmpty();
  }

  @Test
  void aPathwayTheRecordAloneDecidesIsOfferedWithTheRuleAndAnEnrolSuggestion() {
    PatientViewPolicy offering =
        new PatientViewPolicy(Duration.ofDays(2), Set.of("diabetes", "frailty"));
    Record nothingElse =
        new Record(List.of(), Optional.empty(), Optional.empty(), false, List.of());
    List<PatientViewPolicy.Offer> offers =
        List.of(
            new PatientViewPolicy.Offer(
                "diabetes", "Diabetes annual cycle", "An active diabetes diagnosis is recorded."),
            // Eligible on the record, but entered from a discharge: never offered.
            new PatientViewPolicy.Offer(
                "copd-post-discharge", "COPD post-discharge review", "COPD is recorded."));

    assertThat(offering.cards(nothingElse, offers, Set.of(OURS), NOW))
        .singleElement()
        .satisfies(
            card -> {
              assertThat(card.kind()).isEqualTo("eligible-not-enrolled");
              assertThat(card.indicator()).isEqualTo(Indicator.INFO);
              assertThat(card.summary()).contains("Diabetes annual cycle");
              assertThat(card.detail()).contains("An active diabetes diagnosis is recorded.");
              assertThat(card.enrolIn()).contains("diabetes");
            });
    assertThat(
            new PatientViewPolicy(Duration.ofDays(2)).cards(nothingElse, offers, Set.of(OURS), NOW))
        .as("no pathway configured to be offered")
        .isEmpty();
  }

  @Test
  void endOfLifeEntriesAreListed() {
    Record record =
        new Record(
            List.of(),
            Optional.empty(),
            Optional.empty(),
            false,
            List.of("Preferred place of death: Home"));
    assertThat(cards(record))
        .singleElement()
        .satisfies(
            card -> {
              assertThat(card.kind()).isEqualTo("end-of-life-record");
              assertThat(card.detail()).contains("Preferred place of death: Home");
            });
  }
}
