package org.carepath.coordination.careplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedCarePlanPolicyTest {

  private static final String GP = "Organization/practice";
  private static final String NURSES = "Organization/community";

  private final SharedCarePlanPolicy policy = new SharedCarePlanPolicy();

  @Test
  void aPersonHasAtMostOneActivePlanAndTheRefusalNamesIt() {
    assertThat(policy.toActivate("Patient/1", "CarePlan/a", Optional.empty()).allowed()).isTrue();
    assertThat(policy.toActivate("Patient/1", "CarePlan/a", Optional.of("CarePlan/a")).allowed())
        .as("the active plan itself may be updated")
        .isTrue();
    SharedCarePlanPolicy.Decision second =
        policy.toActivate("Patient/1", "CarePlan/b", Optional.of("CarePlan/a"));
    assertThat(second).isInstanceOf(SharedCarePlanPolicy.Decision.Refused.class);
    assertThat(((SharedCarePlanPolicy.Decision.Refused) second).reason())
        .contains("CarePlan/a")
        .contains("Patient/1");
  }

  @Test
  void anOrganisationWritesItsOwnSectionOnly() {
    assertThat(policy.toWriteSection(Set.of(NURSES), Optional.empty(), Optional.of(NURSES)))
        .isInstanceOf(SharedCarePlanPolicy.Decision.Allowed.class);
    assertThat(policy.toWriteSection(Set.of(NURSES), Optional.of(NURSES), Optional.of(NURSES)))
        .isInstanceOf(SharedCarePlanPolicy.Decision.Allowed.class);
    assertThat(reason(policy.toWriteSection(Set.of(NURSES), Optional.of(GP), Optional.of(GP))))
        .contains("only that organisation writes it");
    assertThat(reason(policy.toWriteSection(Set.of(NURSES), Optional.empty(), Optional.of(GP))))
        .as("nobody starts a section in another organisation's name")
        .contains(GP);
  }

  @Test
  void aSectionNeverChangesHands() {
    assertThat(
            reason(policy.toWriteSection(Set.of(GP, NURSES), Optional.of(GP), Optional.of(NURSES))))
        .contains("stays with it");
  }

  @Test
  void aSectionNeedsAnOwner() {
    assertThat(reason(policy.toWriteSection(Set.of(GP), Optional.empty(), Optional.empty())))
        .contains("CarePlan.author");
  }

  @Test
  void aSectionIsPartOfThePersonsActivePlan() {
    assertThat(
            policy.toAttachSection("Patient/1", "CarePlan/a", Optional.of("CarePlan/a")).allowed())
        .isTrue();
    assertThat(reason(policy.toAttachSection("Patient/1", "CarePlan/b", Optional.of("CarePlan/a"))))
        .contains("CarePlan/a")
        .contains("not CarePlan/b");
    assertThat(reason(policy.toAttachSection("Patient/1", "CarePlan/b", Optional.empty())))
        .contains("start one first");
  }

  private static String reason(SharedCarePlanPolicy.Decision decision) {
    assertThat(decision).isInstanceOf(SharedCarePlanPolicy.Decision.Refused.class);
    return ((SharedCarePlanPolicy.Decision.Refused) decision).reason();
  }
}
