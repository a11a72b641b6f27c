package org.carepath.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.carepath.server.support.PackageValidator;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CarepathValidatorTest {

  private static final String NHS_NUMBER_PROFILE = WorkflowProfiles.NHS_NUMBER;
  private static CarepathValidator validator;

  @BeforeAll
  static void build() {
    validator = PackageValidator.get();
  }

  @Test
  void onlyProfilesThatAddNothingButRootInvariantsTakeTheShortcut() {
    assertThat(validator.invariantsOnly(Set.of(NHS_NUMBER_PROFILE))).isTrue();
    assertThat(validator.invariantsOnly(Set.of(WorkflowProfiles.REFERRAL))).isFalse();
    assertThat(validator.invariantsOnly(Set.of(NHS_NUMBER_PROFILE, WorkflowProfiles.PATHWAY_TASK)))
        .isFalse();
    assertThat(validator.invariantsOnly(Set.of())).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"9434765919", "9434765918", "943476591", "94347659x9", "0000000000"})
  void schemaAndInvariantsGiveTheInstanceValidatorsVerdict(String nhsNumber) {
    Patient patient = new Patient();
    patient.addIdentifier().setSystem(WorkflowProfiles.NHS_NUMBER_SYSTEM).setValue(nhsNumber);
    patient.addName().setFamily("Extract");

    boolean full =
        CarepathValidator.hasErrors(validator.validate(patient, List.of(NHS_NUMBER_PROFILE)));
    var light = validator.validateSchemaAndInvariants(patient, List.of(NHS_NUMBER_PROFILE));

    assertThat(CarepathValidator.hasErrors(light)).isEqualTo(full);
    if (full) {
      assertThat(light.getMessages())
          .anySatisfy(m -> assertThat(m.getMessage()).contains("cp-pat-2"));
    }
  }
}
