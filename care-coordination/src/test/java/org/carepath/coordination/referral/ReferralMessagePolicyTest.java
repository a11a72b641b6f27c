package org.carepath.coordination.referral;

import static org.assertj.core.api.Assertions.assertThat;

import org.carepath.coordination.referral.ReferralMessagePolicy.Decision;
import org.carepath.coordination.referral.ReferralMessagePolicy.Decision.Refused.Kind;
import org.carepath.coordination.referral.ReferralMessagePolicy.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferralMessagePolicyTest {

  private final ReferralMessagePolicy policy = new ReferralMessagePolicy();

  @ParameterizedTest
  @CsvSource({"referral", "validation"})
  void aNewActiveRequestIsTakenIn(String kind) {
    assertThat(policy.decide(new Message("servicerequest-request", "new", kind, "active")))
        .isEqualTo(new Decision.NewReferral(kind));
  }

  @ParameterizedTest
  @CsvSource({"referral,revoked", "validation,entered-in-error"})
  void anUpdateThatRevokesWithdrawsTheReferral(String kind, String status) {
    assertThat(policy.decide(new Message("servicerequest-request", "update", kind, status)))
        .isEqualTo(new Decision.Withdrawal(kind));
  }

  @ParameterizedTest
  @CsvSource(
      value = {
        "servicerequest-request,new,referral,draft",
        "servicerequest-request,update,referral,active",
        "servicerequest-request,cancel,referral,revoked",
        "servicerequest-request,new,booking,active",
        "servicerequest-request,new,NULL,active",
        "NULL,new,referral,active",
        "something-else,new,referral,active"
      },
      nullValues = "NULL")
  void combinationsThatNameNoWorkflowAreInvalidWithTheReason(
      String event, String reason, String kind, String status) {
    Decision decision = policy.decide(new Message(event, reason, kind, status));
    assertThat(decision).isInstanceOf(Decision.Refused.class);
    Decision.Refused refused = (Decision.Refused) decision;
    assertThat(refused.kind()).isEqualTo(Kind.INVALID);
    assertThat(refused.reason()).isNotBlank();
  }

  @Test
  void aResponseAnswersNothingCarepathSent() {
    Decision decision =
        policy.decide(new Message("servicerequest-response", "new", "referral", "active"));
    assertThat(decision)
        .isInstanceOfSatisfying(
            Decision.Refused.class,
            refused -> assertThat(refused.kind()).isEqualTo(Kind.UNKNOWN_CONVERSATION));
  }

  @ParameterizedTest
  @CsvSource({"booking-request", "booking-response"})
  void bookingsAreNotACarepathWorkflow(String event) {
    assertThat(policy.decide(new Message(event, "new", null, null)))
        .isInstanceOfSatisfying(
            Decision.Refused.class,
            refused -> {
              assertThat(refused.kind()).isEqualTo(Kind.NOT_SUPPORTED);
              assertThat(refused.reason()).contains("not bookings");
            });
  }
}
