package org.carepath.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.risk.DiabetesControlResult;
import org.carepath.coordination.risk.FrailtyBands;
import org.carepath.coordination.risk.FrailtyScore;
import org.carepath.coordination.risk.fhir.DiabetesRiskAssessmentMapper;
import org.carepath.coordination.risk.fhir.FrailtyRiskAssessmentMapper;
import org.carepath.server.support.PackageValidator;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Population runs store risk results without per-write validation ({@link ServerAuthoredWrites});
 * this is the check that stands in for it: what the mappers build conforms to {@code
 * carepath-risk-assessment} under the full instance validator.
 */
class RiskResultConformanceTest {

  private static CarepathValidator validator;

  @BeforeAll
  static void build() {
    validator = PackageValidator.get();
  }

  @Test
  void aFrailtyResultConformsToTheRiskAssessmentProfile() {
    FrailtyScore score =
        new FrailtyScore(
            14 / 36.0,
            FrailtyBands.Band.SEVERE,
            2,
            List.of(
                new FrailtyScore.DeficitFound("falls", List.of("Condition/1")),
                new FrailtyScore.DeficitFound("polypharmacy", List.of("MedicationStatement/2"))));
    RiskAssessment result = FrailtyRiskAssessmentMapper.toRiskAssessment("42", score, new Date());
    result.setId("42-efi");

    assertConforms(result);
  }

  @Test
  void aDiabetesResultConformsToTheRiskAssessmentProfile() {
    DiabetesControlResult control =
        new DiabetesControlResult(
            DiabetesControlResult.Band.ABOVE_TARGET,
            Optional.of(64.0),
            DiabetesControlResult.Target.notMet("64 mmol/mol (recorded as 8 %)"),
            DiabetesControlResult.Target.met("132/76 mmHg"),
            DiabetesControlResult.Target.notAssessed("cholesterol 212 g: not converted"),
            List.of("hba1c", "blood-pressure"),
            List.of("foot-surveillance"),
            List.of("Observation/7"));
    RiskAssessment result =
        DiabetesRiskAssessmentMapper.toRiskAssessment("42", control, new Date());
    result.setId("42-diabetes-control");

    assertConforms(result);
  }

  private static void assertConforms(RiskAssessment result) {
    var validation = validator.validate(result, List.of(FrailtyRiskAssessmentMapper.PROFILE));
    assertThat(CarepathValidator.hasErrors(validation))
        .as(
            "%s",
            validation.getMessages().stream()
                .filter(CarepathValidator::isError)
                .map(m -> m.getLocationString() + ": " + m.getMessage())
                .toList())
        .isFalse();
  }
}
