package org.carepath.coordination.careplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.careplan.EndOfLifeRegisterPolicy.Change;
import org.carepath.coordination.careplan.EndOfLifeRegisterPolicy.Member;
import org.junit.jupiter.api.Test;

class EndOfLifeRegisterPolicyTest {

  private static final Instant MAY = Instant.parse("2026-05-01T09:00:00Z");
  private static final Instant JUNE = Instant.parse("2026-06-01T09:00:00Z");
  private static final Instant NOW = Instant.parse("2026-07-01T09:00:00Z");

  private final EndOfLifeRegisterPolicy policy = new EndOfLifeRegisterPolicy();

  @Test
  void anActiveEnrolmentJoinsFromItsStart() {
    Change change =
        policy.forEnrolment(
            "7", "active", Optional.empty(), Optional.of(MAY), Optional.empty(), NOW);

    assertThat(change).isEqualTo(new Change.Join("7", MAY, change.reason()));
    assertThat(change.reason()).contains("on the register");
    assertThat(policy.apply(List.of(), change))
        .containsExactly(new Member("7", MAY, Optional.empty()));
  }

  @Test
  void aSecondActiveEnrolmentKeepsTheFirstDate() {
    List<Member> on = List.of(new Member("7", MAY, Optional.empty()));
    Change again =
        policy.forEnrolment(
            "7", "active", Optional.empty(), Optional.of(JUNE), Optional.empty(), NOW);

    assertThat(policy.apply(on, again)).containsExactly(new Member("7", MAY, Optional.empty()));
  }

  @Test
  void anEndedEnrolmentClosesTheMembershipAndAReturnStartsANewOne() {
    List<Member> on = List.of(new Member("7", MAY, Optional.empty()));
    Change died =
        policy.forEnrolment(
            "7", "completed", Optional.of("active"), Optional.of(MAY), Optional.of(JUNE), NOW);

    assertThat(died).isInstanceOf(Change.Leave.class);
    assertThat(died.reason()).contains("completed");
    List<Member> left = policy.apply(on, died);
    assertThat(left).containsExactly(new Member("7", MAY, Optional.of(JUNE)));
    assertThat(EndOfLifeRegisterPolicy.current(left)).isZero();

    Change back =
        policy.forEnrolment(
            "7", "active", Optional.empty(), Optional.empty(), Optional.empty(), NOW);
    assertThat(policy.apply(left, back))
        .as("the earlier membership stays as history")
        .containsExactly(
            new Member("7", MAY, Optional.of(JUNE)), new Member("7", NOW, Optional.empty()));
  }

  @Test
  void aRevokedEnrolmentWithoutAnEndLeavesNowAndNeverBeforeItJoined() {
    List<Member> on = List.of(new Member("7", NOW, Optional.empty()));
    Change revoked =
        policy.forEnrolment(
            "7", "revoked", Optional.of("active"), Optional.empty(), Optional.of(MAY), NOW);

    assertThat(policy.apply(on, revoked)).containsExactly(new Member("7", NOW, Optional.of(NOW)));
  }

  @Test
  void anEnrolmentEnteredInErrorTakesBackItsMembershipOnly() {
    List<Member> members =
        List.of(new Member("7", MAY, Optional.of(JUNE)), new Member("7", JUNE, Optional.empty()));
    Change error =
        policy.forEnrolment(
            "7",
            "entered-in-error",
            Optional.of("active"),
            Optional.empty(),
            Optional.empty(),
            NOW);

    assertThat(error).isInstanceOf(Change.Withdraw.class);
    assertThat(policy.apply(members, error))
        .containsExactly(new Member("7", MAY, Optional.of(JUNE)));
  }

  @Test
  void anUnchangedStatusOrAPauseChangesNothing() {
    List<Member> on = List.of(new Member("7", MAY, Optional.empty()));
    Change same =
        policy.forEnrolment(
            "7", "active", Optional.of("active"), Optional.of(MAY), Optional.empty(), NOW);
    Change paused =
        policy.forEnrolment(
            "7", "on-hold", Optional.of("active"), Optional.of(MAY), Optional.empty(), NOW);
    Change leaveWhenNotOn =
        policy.forEnrolment(
            "8", "completed", Optional.of("active"), Optional.empty(), Optional.of(JUNE), NOW);

    assertThat(same).isInstanceOf(Change.None.class);
    assertThat(paused).isInstanceOf(Change.None.class);
    assertThat(policy.apply(on, same)).isEqualTo(on);
    assertThat(policy.apply(on, paused)).isEqualTo(on);
    assertThat(policy.apply(on, leaveWhenNotOn)).as("someone not on it").isEqualTo(on);
  }
}
