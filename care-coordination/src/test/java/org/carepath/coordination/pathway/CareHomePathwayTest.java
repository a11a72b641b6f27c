package org.carepath.coordination.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carepath.coordination.pathway.PathwayFixture.CARE_HOME;
import static org.carepath.coordination.pathway.PathwayFixture.PCN;
import static org.carepath.coordination.pathway.PathwayFixture.at;
import static org.carepath.coordination.pathway.PathwayFixture.localDue;
import static org.carepath.coordination.pathway.PathwayFixture.step;

import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CareHomePathwayTest {

  private static final String PATHWAY = "care-homes";

  private final PathwayFixture fixture = new PathwayFixture("2026-05-22T14:00:00");
  private final EnrolmentFacts resident =
      new EnrolmentFacts(
          84,
          false,
          Optional.of(PathwayFixture.PRACTICE),
          java.util.Set.of(),
          Optional.empty(),
          Optional.of(CARE_HOME));

  @Test
  void admissionOnTheFridayBeforeTheSpringBankHolidayMakesThePcspDueInSevenWorkingDays() {
    Enrolment enrolment = fixture.enrol(PATHWAY, resident);

    // Mon 25 May is a bank holiday: 26, 27, 28, 29 May, 1, 2, 3 June are the 7 working days.
    assertThat(localDue(enrolment, "care-home-assessment"))
        .isEqualTo(LocalDateTime.parse("2026-06-03T23:59:59"));
    assertThat(step(enrolment, "care-home-pcsp").status()).isEqualTo(StepStatus.WAITING);
    // Waiting for the assessment, the PCSP already has its due date (timed from admission), so a
    // PCSP never opened is still late for the KPI; a waiting step is not breaching.
    assertThat(localDue(enrolment, "care-home-pcsp"))
        .isEqualTo(LocalDateTime.parse("2026-06-03T23:59:59"));
    assertThat(step(enrolment, "care-home-pcsp").isBreaching(at("2026-06-04T00:00:00"))).isFalse();
    assertThat(step(enrolment, "care-home-falls-assessment").owner()).contains(CARE_HOME);
    assertThat(step(enrolment, "care-home-medication-review").owner()).contains(PCN);
    assertThat(localDue(enrolment, "care-home-medication-review"))
        .isEqualTo(LocalDateTime.parse("2026-06-19T23:59:59"));
    // An event step is not part of the plan until the event.
    assertThat(enrolment.latest("care-home-conveyance-review")).isEmpty();
  }

  @Test
  void thePcspCannotBeCompletedBeforeTheAssessmentAndIsStillDueSevenWorkingDaysFromAdmission() {
    fixture.enrol(PATHWAY, resident);

    StepDecision early =
        fixture.move(PATHWAY, resident, "care-home-pcsp", StepStatus.COMPLETED, null);
    assertThat(early).isInstanceOf(StepDecision.Rejected.class);
    assertThat(((StepDecision.Rejected) early).reason())
        .contains("waits for 'Care home: comprehensive assessment'");

    fixture.clock.set("2026-05-28T11:00:00");
    Enrolment after = fixture.complete(PATHWAY, resident, "care-home-assessment");
    assertThat(step(after, "care-home-pcsp").status()).isEqualTo(StepStatus.READY);
    assertThat(localDue(after, "care-home-pcsp"))
        .isEqualTo(LocalDateTime.parse("2026-06-03T23:59:59"));
    assertThat(step(after, "care-home-pcsp").isBreaching(at("2026-06-04T00:00:00"))).isTrue();
    assertThat(step(after, "care-home-pcsp").isBreaching(at("2026-06-03T23:00:00"))).isFalse();
  }

  @Test
  void aConveyanceToHospitalOpensOneCoordinatorReview() {
    fixture.enrol(PATHWAY, resident);
    fixture.clock.set("2026-06-01T10:00:00");
    var patient = fixture.patient(resident);
    var definition = PathwayFixture.definition(PATHWAY);

    fixture.service.raise(definition, patient, "hospital-conveyance", fixture.clock.instant());
    Enrolment twice =
        fixture
            .service
            .raise(definition, patient, "hospital-conveyance", fixture.clock.instant())
            .orElseThrow();

    assertThat(twice.steps().stream().filter(s -> s.code().equals("care-home-conveyance-review")))
        .hasSize(1);
    assertThat(localDue(twice, "care-home-conveyance-review"))
        .isEqualTo(LocalDateTime.parse("2026-06-03T23:59:59"));
    assertThat(step(twice, "care-home-conveyance-review").owner()).contains(PCN);
  }

  @Test
  void aPatientWithoutAKnownCareHomeIsIneligibleWithTheReason() {
    EnrolmentOutcome outcome =
        fixture.service.enrol(
            PathwayFixture.definition(PATHWAY),
            fixture.patient(PathwayFixture.facts(84)),
            Optional.empty());

    assertThat(outcome).isInstanceOf(EnrolmentOutcome.Ineligible.class);
    assertThat(((EnrolmentOutcome.Ineligible) outcome).reason()).contains("No care home is known");
    assertThat(fixture.enrolments.saves).isZero();
  }

  @Test
  void enrollingTwiceAnswersTheExistingEnrolmentAndStoresNothingMore() {
    Enrolment first = fixture.enrol(PATHWAY, resident);

    EnrolmentOutcome again =
        fixture.service.enrol(
            PathwayFixture.definition(PATHWAY), fixture.patient(resident), Optional.empty());

    assertThat(again).isEqualTo(new EnrolmentOutcome.AlreadyEnrolled(first));
    assertThat(fixture.enrolments.saves).isEqualTo(1);
  }
}
