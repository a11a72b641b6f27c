package org.carepath.coordination.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carepath.coordination.referral.ReferralStatus.ACCEPTED;
import static org.carepath.coordination.referral.ReferralStatus.CANCELLED;
import static org.carepath.coordination.referral.ReferralStatus.COMPLETED;
import static org.carepath.coordination.referral.ReferralStatus.FAILED;
import static org.carepath.coordination.referral.ReferralStatus.IN_PROGRESS;
import static org.carepath.coordination.referral.ReferralStatus.ON_HOLD;
import static org.carepath.coordination.referral.ReferralStatus.RECEIVED;
import static org.carepath.coordination.referral.ReferralStatus.REJECTED;
import static org.carepath.coordination.referral.ReferralStatus.REQUESTED;

import java.util.Optional;
import org.carepath.coordination.referral.TransitionDecision.Refused;
import org.carepath.coordination.referral.TransitionDecision.Refused.Kind;
import org.junit.jupiter.api.Test;

class ReferralLifecyclePolicyTest {

  private final ReferralLifecyclePolicy policy = new ReferralLifecyclePolicy();

  @Test
  void theServiceReceivesAcceptsStartsAndCompletes() {
    assertThat(owner(REQUESTED, RECEIVED)).isEqualTo(TransitionDecision.ALLOWED);
    assertThat(owner(RECEIVED, ACCEPTED)).isEqualTo(TransitionDecision.ALLOWED);
    assertThat(owner(ACCEPTED, IN_PROGRESS)).isEqualTo(TransitionDecision.ALLOWED);
    assertThat(owner(IN_PROGRESS, ON_HOLD)).isEqualTo(TransitionDecision.ALLOWED);
    assertThat(owner(ON_HOLD, IN_PROGRESS)).isEqualTo(TransitionDecision.ALLOWED);
    assertThat(owner(IN_PROGRESS, COMPLETED)).isEqualTo(TransitionDecision.ALLOWED);
  }

  @Test
  void rejectingCancellingOrFailingNeedsAReason() {
    assertThat(refusal(decide(RECEIVED, REJECTED, Party.OWNER, null, false)).kind())
        .isEqualTo(Kind.INCOMPLETE);
    assertThat(decide(RECEIVED, REJECTED, Party.OWNER, "Not a HOT clinic case", false))
        .isEqualTo(TransitionDecision.ALLOWED);
    assertThat(refusal(decide(ACCEPTED, CANCELLED, Party.REQUESTER, " ", false)).reason())
        .contains("Say why the referral is cancelled");
    assertThat(decide(IN_PROGRESS, FAILED, Party.OWNER, "Patient not at home", false))
        .isEqualTo(TransitionDecision.ALLOWED);
  }

  @Test
  void onlyTheReferrerCancelsAndOnlyBeforeTheServiceStarts() {
    assertThat(decide(ACCEPTED, CANCELLED, Party.REQUESTER, "Admitted elsewhere", false))
        .isEqualTo(TransitionDecision.ALLOWED);
    Refused byService = refusal(decide(RECEIVED, CANCELLED, Party.OWNER, "x", false));
    assertThat(byService.kind()).isEqualTo(Kind.WRONG_PARTY);
    assertThat(byService.reason()).contains("the service rejects it");
    Refused started = refusal(decide(IN_PROGRESS, CANCELLED, Party.REQUESTER, "x", false));
    assertThat(started.kind()).isEqualTo(Kind.CONFLICT);
    assertThat(started.reason()).contains("ask them to stop");
  }

  @Test
  void theReferrerCannotAcceptOrCompleteAndNothingSkipsAhead() {
    assertThat(refusal(decide(REQUESTED, ACCEPTED, Party.REQUESTER, null, false)).kind())
        .isEqualTo(Kind.WRONG_PARTY);
    Refused skipping = refusal(owner(REQUESTED, COMPLETED));
    assertThat(skipping.kind()).isEqualTo(Kind.CONFLICT);
    assertThat(skipping.reason())
        .isEqualTo("A referral that is requested cannot become completed.");
    assertThat(refusal(owner(RECEIVED, IN_PROGRESS)).kind()).isEqualTo(Kind.CONFLICT);
  }

  @Test
  void anEndedReferralNeverChanges() {
    for (ReferralStatus ended : new ReferralStatus[] {COMPLETED, REJECTED, CANCELLED, FAILED}) {
      Refused refused = refusal(owner(ended, IN_PROGRESS));
      assertThat(refused.kind()).isEqualTo(Kind.CONFLICT);
      assertThat(refused.reason()).contains("cannot change any more");
    }
  }

  @Test
  void adviceAndGuidanceCompletesAReferralNotYetAccepted() {
    assertThat(decide(RECEIVED, COMPLETED, Party.OWNER, null, true))
        .isEqualTo(TransitionDecision.ALLOWED);
    assertThat(decide(REQUESTED, COMPLETED, Party.OWNER, null, true))
        .isEqualTo(TransitionDecision.ALLOWED);
    assertThat(refusal(decide(ACCEPTED, COMPLETED, Party.OWNER, null, true)).kind())
        .isEqualTo(Kind.CONFLICT);
    assertThat(refusal(decide(RECEIVED, COMPLETED, Party.REQUESTER, null, true)).kind())
        .isEqualTo(Kind.WRONG_PARTY);
  }

  private TransitionDecision owner(ReferralStatus from, ReferralStatus to) {
    return decide(from, to, Party.OWNER, null, false);
  }

  private TransitionDecision decide(
      ReferralStatus from, ReferralStatus to, Party by, String reason, boolean advice) {
    return policy.decide(new ReferralTransition(from, to, by, Optional.ofNullable(reason), advice));
  }

  private static Refused refusal(TransitionDecision decision) {
    assertThat(decision).isInstanceOf(Refused.class);
    return (Refused) decision;
  }

  @Test
  void withdrawingAReferralCancelsItsTaskUntilTheServiceStarts() {
    ReferralLifecyclePolicy policy = new ReferralLifecyclePolicy();
    for (ReferralStatus open : new ReferralStatus[] {REQUESTED, RECEIVED, ACCEPTED, ON_HOLD}) {
      assertThat(policy.withdraw(open)).isEqualTo(ReferralLifecyclePolicy.Withdrawal.CANCEL_TASK);
    }
    assertThat(policy.withdraw(IN_PROGRESS))
        .isInstanceOfSatisfying(
            ReferralLifecyclePolicy.Withdrawal.Refused.class,
            refused -> assertThat(refused.reason()).contains("The service has started"));
    for (ReferralStatus ended : new ReferralStatus[] {COMPLETED, REJECTED, CANCELLED, FAILED}) {
      assertThat(policy.withdraw(ended)).isEqualTo(ReferralLifecyclePolicy.Withdrawal.NOTHING_OPEN);
    }
  }
}
