package org.carepath.coordination.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepOwnerPolicyTest {

  private static final Optional<String> PRACTICE = Optional.of("Organization/practice-1");
  private static final Optional<String> HOME = Optional.of("Organization/home-1");

  private final StepOwnerPolicy policy = new StepOwnerPolicy();
  private final StepOwnerPolicy.Organisations organisations =
      new StepOwnerPolicy.Organisations() {
        @Override
        public Optional<String> pcnOf(String practice) {
          return Optional.ofNullable(
              Map.of("Organization/practice-1", "Organization/pcn-1").get(practice));
        }

        @Override
        public Optional<String> onlyOrganisationOfType(String typeCode) {
          return Optional.ofNullable(
              Map.of("community-provider", "Organization/community-1").get(typeCode));
        }
      };

  private Optional<String> owner(String type, Optional<String> practice) {
    return policy.ownerOf(new Participant("role", type), practice, HOME, organisations);
  }

  @Test
  void practiceAndPcnStepsAreThePatientsOwn() {
    assertThat(owner("gp-practice", PRACTICE)).isEqualTo(PRACTICE);
    assertThat(owner("pcn", PRACTICE)).contains("Organization/pcn-1");
    assertThat(owner("pcn", Optional.empty())).isEmpty();
  }

  @Test
  void aCareHomeStepIsTheHomeTheEnrolmentIsFor() {
    assertThat(owner("care-home", PRACTICE)).isEqualTo(HOME);
  }

  @Test
  void anyOtherTypeIsTheOneOrganisationOfThatTypeOrUnclaimed() {
    assertThat(owner("community-provider", PRACTICE)).contains("Organization/community-1");
    assertThat(owner("hospital-service", PRACTICE)).isEmpty();
    assertThat(owner("not-a-type", PRACTICE)).isEmpty();
  }
}
