package org.carepath.coordination.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carepath.coordination.pathway.PathwayFixture.COMMUNITY;
import static org.carepath.coordination.pathway.PathwayFixture.localDue;
import static org.carepath.coordination.pathway.PathwayFixture.step;

import java.time.LocalDateTime;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.junit.jupiter.api.Test;

class DiabetesPathwayTest {

  private static final String PATHWAY = "diabetes";
  private static final String[] CARE_PROCESSES = {
    "diabetes-hba1c",
    "diabetes-blood-pressure",
    "diabetes-cholesterol",
    "diabetes-creatinine",
    "diabetes-urine-albumin",
    "diabetes-foot-surveillance",
    "diabetes-bmi",
    "diabetes-smoking",
    "diabetes-retinal-screening"
  };

  private final PathwayFixture fixture = new PathwayFixture("2026-11-23T10:00:00");
  private final EnrolmentFacts diabetic = PathwayFixture.facts(58, ConditionGroups.DIABETES);

  @Test
  void newlyDiagnosedGetTheNineCareProcessesAndStructuredEducation() {
    fixture.record.add(diagnosis("2026-10-01"));

    Enrolment enrolment = fixture.enrol(PATHWAY, diabetic);

    for (String careProcess : CARE_PROCESSES) {
      assertThat(step(enrolment, careProcess).status()).as(careProcess).isEqualTo(StepStatus.READY);
      assertThat(localDue(enrolment, careProcess))
          .isEqualTo(LocalDateTime.parse("2027-11-23T23:59:59"));
    }
    assertThat(step(enrolment, "diabetes-education").status()).isEqualTo(StepStatus.READY);
  }

  @Test
  void someoneDiagnosedYearsAgoIsNotOfferedEducationAgainAndIsToldWhy() {
    fixture.record.add(diagnosis("2019-03-14"));

    Enrolment enrolment = fixture.enrol(PATHWAY, diabetic);

    assertThat(step(enrolment, "diabetes-education").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(step(enrolment, "diabetes-education").reason())
        .contains("Not applicable: only when diabetes was diagnosed in the last 12 months.");
  }

  @Test
  void aCompletedCareProcessComesRoundAgainAYearLaterAndThePathwayStaysOpen() {
    fixture.enrol(PATHWAY, diabetic);
    fixture.clock.set("2027-02-01T09:00:00");

    Enrolment after = fixture.complete(PATHWAY, diabetic, "diabetes-hba1c");

    assertThat(after.steps().stream().filter(s -> s.code().equals("diabetes-hba1c"))).hasSize(2);
    assertThat(step(after, "diabetes-hba1c").status()).isEqualTo(StepStatus.READY);
    assertThat(localDue(after, "diabetes-hba1c"))
        .isEqualTo(LocalDateTime.parse("2028-02-01T23:59:59"));
    assertThat(after.isActive()).isTrue();
  }

  @Test
  void anAandEAttendanceOpensASpecialistNurseFollowUpWithin48Hours() {
    fixture.enrol(PATHWAY, diabetic);
    fixture.clock.set("2026-12-05T22:15:00");

    Enrolment after =
        fixture
            .service
            .raise(
                PathwayFixture.definition(PATHWAY),
                fixture.patient(diabetic),
                "ae-attendance",
                fixture.clock.instant())
            .orElseThrow();

    assertThat(localDue(after, "diabetes-dsn-follow-up"))
        .isEqualTo(LocalDateTime.parse("2026-12-07T22:15:00"));
    assertThat(step(after, "diabetes-dsn-follow-up").owner()).contains(COMMUNITY);
  }

  @Test
  void eligibilitySaysWhyAndKnowsWhoIsAlreadyEnrolled() {
    PathwayDefinition definition = PathwayFixture.definition(PATHWAY);
    fixture.record.add(diagnosis("2026-10-01"));

    assertThat(fixture.service.eligibility(definition, fixture.patient(diabetic)))
        .isEqualTo(
            new Eligibility.Eligible(
                "An active diabetes diagnosis (type 1 or type 2) is recorded."));
    assertThat(fixture.service.eligibility(definition, fixture.patient(PathwayFixture.facts(58))))
        .isInstanceOf(Eligibility.Ineligible.class);

    fixture.enrol(PATHWAY, diabetic);
    assertThat(fixture.service.eligibility(definition, fixture.patient(diabetic)))
        .isEqualTo(new Eligibility.Enrolled());
  }

  @Test
  void noDiabetesDiagnosisMeansIneligible() {
    EnrolmentOutcome outcome =
        fixture.service.enrol(
            PathwayFixture.definition(PATHWAY),
            fixture.patient(PathwayFixture.facts(58)),
            Optional.empty());

    assertThat(((EnrolmentOutcome.Ineligible) outcome).reason())
        .contains("No active diabetes diagnosis");
  }

  @Test
  void aDeadPatientIsNeverEnrolled() {
    EnrolmentFacts dead =
        new EnrolmentFacts(
            58,
            true,
            Optional.of(PathwayFixture.PRACTICE),
            java.util.Set.of(ConditionGroups.DIABETES),
            Optional.empty(),
            Optional.empty());

    EnrolmentOutcome outcome =
        fixture.service.enrol(
            PathwayFixture.definition(PATHWAY), fixture.patient(dead), Optional.empty());

    assertThat(((EnrolmentOutcome.Ineligible) outcome).reason()).contains("died");
  }

  private static Condition diagnosis(String onset) {
    Condition condition = new Condition();
    condition.setCode(
        new CodeableConcept(new Coding("http://snomed.info/sct", "44054006", "Type 2 diabetes")));
    condition.setOnset(new DateTimeType(onset));
    return condition;
  }
}
