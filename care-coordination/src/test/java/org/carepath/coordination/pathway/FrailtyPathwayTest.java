package org.carepath.coordination.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carepath.coordination.pathway.PathwayFixture.localDue;
import static org.carepath.coordination.pathway.PathwayFixture.step;

import java.time.LocalDateTime;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.junit.jupiter.api.Test;

class FrailtyPathwayTest {

  private static final String PATHWAY = "frailty";

  private final PathwayFixture fixture = new PathwayFixture("2026-11-23T10:00:00");

  @Test
  void moderateFrailtySkipsTheMdtReviewAndWhatDependsOnIt() {
    EnrolmentFacts moderate = frail(81, "moderate");
    fixture.record.add(efi("moderate"));

    Enrolment enrolment = fixture.enrol(PATHWAY, moderate);

    assertThat(step(enrolment, "frailty-medication-review").status()).isEqualTo(StepStatus.READY);
    assertThat(step(enrolment, "frailty-falls-assessment").status()).isEqualTo(StepStatus.READY);
    assertThat(step(enrolment, "frailty-mdt-review").status()).isEqualTo(StepStatus.SKIPPED);
    // The reason says why the step does not apply, not the condition it failed.
    assertThat(step(enrolment, "frailty-mdt-review").reason())
        .contains("Not applicable: only when the person's electronic frailty index is severe.");
    assertThat(step(enrolment, "frailty-pcsp").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(step(enrolment, "frailty-pcsp").reason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("was skipped"));
  }

  @Test
  void severeFrailtyGoesToTheMdtWhichDecidesOnCaseManagement() {
    EnrolmentFacts severe = frail(86, "severe");
    fixture.record.add(efi("severe"));
    fixture.enrol(PATHWAY, severe);
    fixture.clock.set("2026-11-27T15:00:00"); // a Friday
    fixture.outcome(PATHWAY, "frailty-mdt-review", "case-management");

    Enrolment after = fixture.complete(PATHWAY, severe, "frailty-mdt-review");

    assertThat(localDue(after, "frailty-case-management"))
        .isEqualTo(LocalDateTime.parse("2026-12-04T23:59:59"));
    assertThat(localDue(after, "frailty-pcsp"))
        .isEqualTo(LocalDateTime.parse("2026-12-11T23:59:59"));
  }

  @Test
  void theMdtDecidingAgainstCaseManagementSkipsItWithTheReason() {
    EnrolmentFacts severe = frail(86, "severe");
    fixture.record.add(efi("severe"));
    fixture.enrol(PATHWAY, severe);
    fixture.outcome(PATHWAY, "frailty-mdt-review", "no-further-action");

    Enrolment after = fixture.complete(PATHWAY, severe, "frailty-mdt-review");

    assertThat(step(after, "frailty-case-management").reason())
        .contains("Not applicable: only when the MDT review decided on case management.");
  }

  @Test
  void youngerOrFitPeopleAreIneligibleWithTheReason() {
    var definition = PathwayFixture.definition(PATHWAY);

    var young =
        fixture.service.enrol(definition, fixture.patient(frail(60, "severe")), Optional.empty());
    var fit =
        fixture.service.enrol(definition, fixture.patient(frail(80, "mild")), Optional.empty());

    assertThat(((EnrolmentOutcome.Ineligible) young).reason()).contains("aged 65 or over");
    assertThat(((EnrolmentOutcome.Ineligible) fit).reason()).contains("'mild'");
  }

  private static EnrolmentFacts frail(int age, String band) {
    return new EnrolmentFacts(
        age,
        false,
        Optional.of(PathwayFixture.PRACTICE),
        Set.of(),
        Optional.of(band),
        Optional.empty());
  }

  private static RiskAssessment efi(String band) {
    RiskAssessment result = new RiskAssessment();
    result.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
    result.setMethod(
        new CodeableConcept(
            new Coding("https://fhir.carepath.org/CodeSystem/risk-model", "efi", null)));
    result
        .addPrediction()
        .setQualitativeRisk(
            new CodeableConcept(
                new Coding("https://fhir.carepath.org/CodeSystem/risk-band", band, null)));
    return result;
  }
}
