package org.carepath.coordination.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.access.CohortPolicy.Decision;
import org.junit.jupiter.api.Test;

class CohortPolicyTest {

  private final CohortPolicy policy = new CohortPolicy();

  private final Accessor pcnCoordinator =
      new Accessor(
          Duty.DIRECT_CARE,
          Optional.of("Organization/pcn-1"),
          Set.of("Organization/pcn-1", "Organization/practice-1"));

  @Test
  void thoseActingForTheRunsOrganisationMakeItsCohort() {
    assertThat(policy.toMake(pcnCoordinator, "Organization/pcn-1"))
        .isEqualTo(new Decision.Allowed());
    assertThat(policy.toMake(pcnCoordinator, "Organization/practice-1"))
        .isEqualTo(new Decision.Allowed());
  }

  @Test
  void anotherOrganisationsRunIsRefusedNamingIt() {
    Decision decision = policy.toMake(pcnCoordinator, "Organization/pcn-2");

    assertThat(decision).isInstanceOf(Decision.Refused.class);
    assertThat(((Decision.Refused) decision).reason()).contains("Organization/pcn-2");
  }

  @Test
  void commissionersDoNotMakeCohortsOfNamedPatients() {
    Accessor commissioner =
        new Accessor(
            Duty.COMMISSIONING, Optional.of("Organization/ics"), Set.of("Organization/ics"));

    assertThat(policy.toMake(commissioner, "Organization/ics"))
        .isEqualTo(new Decision.Refused(CohortPolicy.DIRECT_CARE_ONLY));
  }
}
