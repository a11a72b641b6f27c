package org.carepath.coordination.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carepath.coordination.pathway.PathwayFixture.HOSPITAL;
import static org.carepath.coordination.pathway.PathwayFixture.PRACTICE;
import static org.carepath.coordination.pathway.PathwayFixture.localDue;
import static org.carepath.coordination.pathway.PathwayFixture.step;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class HotClinicPathwayTest {

  private static final String PATHWAY = "hot-clinic";

  private final PathwayFixture fixture = new PathwayFixture("2026-11-23T09:30:00");
  private final EnrolmentFacts copd = PathwayFixture.facts(71, ConditionGroups.COPD);

  @Test
  void theReferralIsAcceptedWithinTwoHoursAndReviewedTheSameDay() {
    Enrolment enrolment = fixture.enrol(PATHWAY, copd);

    assertThat(localDue(enrolment, "hot-clinic-accept"))
        .isEqualTo(LocalDateTime.parse("2026-11-23T11:30:00"));
    assertThat(step(enrolment, "hot-clinic-accept").owner()).contains(HOSPITAL);
    assertThat(step(enrolment, "hot-clinic-review").status()).isEqualTo(StepStatus.WAITING);

    fixture.clock.set("2026-11-23T10:05:00");
    Enrolment accepted = fixture.complete(PATHWAY, copd, "hot-clinic-accept");
    assertThat(localDue(accepted, "hot-clinic-review"))
        .isEqualTo(LocalDateTime.parse("2026-11-23T23:59:59"));
  }

  @Test
  void dischargedHomeOpensTheGpSixWeekReviewAndTheGpLetterWithin24Hours() {
    fixture.enrol(PATHWAY, copd);
    fixture.complete(PATHWAY, copd, "hot-clinic-accept");
    fixture.clock.set("2026-11-23T14:00:00");
    fixture.complete(PATHWAY, copd, "hot-clinic-review");
    fixture.clock.set("2026-11-23T16:00:00");
    fixture.outcome(PATHWAY, "hot-clinic-outcome", "discharged-home");

    Enrolment after = fixture.complete(PATHWAY, copd, "hot-clinic-outcome");

    assertThat(localDue(after, "hot-clinic-inform-gp"))
        .isEqualTo(LocalDateTime.parse("2026-11-24T16:00:00"));
    assertThat(step(after, "copd-post-discharge-review").status()).isEqualTo(StepStatus.READY);
    assertThat(step(after, "copd-post-discharge-review").owner()).contains(PRACTICE);
    assertThat(localDue(after, "copd-post-discharge-review"))
        .isEqualTo(LocalDateTime.parse("2027-01-04T23:59:59"));
  }

  @Test
  void anAdmissionSkipsTheSixWeekReviewWithTheReasonAndThePathwayEndsWithTheGpLetter() {
    fixture.enrol(PATHWAY, copd);
    fixture.complete(PATHWAY, copd, "hot-clinic-accept");
    fixture.complete(PATHWAY, copd, "hot-clinic-review");
    fixture.outcome(PATHWAY, "hot-clinic-outcome", "admitted");

    Enrolment after = fixture.complete(PATHWAY, copd, "hot-clinic-outcome");
    assertThat(step(after, "copd-post-discharge-review").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(step(after, "copd-post-discharge-review").reason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("discharged home"));
    assertThat(after.isActive()).isTrue();

    Enrolment done = fixture.complete(PATHWAY, copd, "hot-clinic-inform-gp");
    assertThat(done.status()).isEqualTo(Enrolment.EnrolmentStatus.COMPLETED);
  }

  @Test
  void aRejectedReferralNeedsAReasonAndSkipsEveryLaterStep() {
    fixture.enrol(PATHWAY, copd);

    StepDecision noReason =
        fixture.move(PATHWAY, copd, "hot-clinic-accept", StepStatus.DECLINED, null);
    assertThat(noReason).isInstanceOf(StepDecision.Rejected.class);

    StepDecision declined =
        fixture.move(
            PATHWAY, copd, "hot-clinic-accept", StepStatus.DECLINED, "Needs same-day admission");
    Enrolment after = ((StepDecision.Applied) declined).enrolment();
    assertThat(step(after, "hot-clinic-review").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(step(after, "hot-clinic-review").reason())
        .contains(
            "Not done: 'HOT clinic: accept or reject the referral' was declined"
                + " (Needs same-day admission).");
    assertThat(step(after, "copd-post-discharge-review").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(after.status()).isEqualTo(Enrolment.EnrolmentStatus.COMPLETED);
  }

  @Test
  void anEndedStepCannotBeReopened() {
    fixture.enrol(PATHWAY, copd);
    fixture.complete(PATHWAY, copd, "hot-clinic-accept");

    StepDecision reopen = fixture.move(PATHWAY, copd, "hot-clinic-accept", StepStatus.READY, null);

    assertThat(reopen).isInstanceOf(StepDecision.Rejected.class);
    assertThat(((StepDecision.Rejected) reopen).reason()).contains("already completed");
  }

  @Test
  void someoneWithoutRespiratoryDiseaseIsIneligible() {
    EnrolmentOutcome outcome =
        fixture.service.enrol(
            PathwayFixture.definition(PATHWAY),
            fixture.patient(PathwayFixture.facts(50)),
            java.util.Optional.empty());

    assertThat(outcome).isInstanceOf(EnrolmentOutcome.Ineligible.class);
  }
}
