package org.carepath.coordination.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.carepath.coordination.referral.FallsReferralPolicy.RecordedActivity;
import org.carepath.coordination.terminology.Code;
import org.junit.jupiter.api.Test;

class FallsReferralPolicyTest {

  private static final Code FALLS_TEAM = new Code("https://example.org/service", "falls-team");
  private static final Code PHYSIO = new Code("https://example.org/service", "physiotherapy");
  private static final Code ASSESSMENT = new Code("https://example.org/step", "falls-assessment");
  private static final Code BLOOD_TEST = new Code("https://example.org/step", "blood-test");

  private final FallsReferralPolicy policy =
      new FallsReferralPolicy(Set.of(FALLS_TEAM), Set.of(ASSESSMENT));

  @Test
  void aFallsReferralWithADoneAssessmentGoesAhead() {
    assertThat(
            policy.decide(
                Set.of(FALLS_TEAM),
                Stream.of(
                    new RecordedActivity(Set.of(BLOOD_TEST), true),
                    new RecordedActivity(Set.of(ASSESSMENT), true))))
        .isEqualTo(FallsReferralPolicy.ADMISSIBLE);
  }

  @Test
  void aPlannedAssessmentOrAnotherActivityDoesNotCount() {
    FallsReferralPolicy.Decision decision =
        policy.decide(
            Set.of(FALLS_TEAM),
            Stream.of(
                new RecordedActivity(Set.of(ASSESSMENT), false),
                new RecordedActivity(Set.of(BLOOD_TEST), true)));
    assertThat(decision)
        .isInstanceOfSatisfying(
            FallsReferralPolicy.Decision.Inadmissible.class,
            refused -> assertThat(refused.reason()).contains("multifactorial falls assessment"));
  }

  @Test
  void otherReferralsAreNotAskedAndTheRecordIsNotRead() {
    AtomicInteger read = new AtomicInteger();
    assertThat(policy.appliesTo(Set.of(PHYSIO))).isFalse();
    assertThat(
            policy.decide(
                Set.of(PHYSIO),
                Stream.of(new RecordedActivity(Set.of(), false)).peek(a -> read.incrementAndGet())))
        .isEqualTo(FallsReferralPolicy.ADMISSIBLE);
    assertThat(read).hasValue(0);
  }
}
