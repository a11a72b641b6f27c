package org.carepath.coordination.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carepath.coordination.pathway.PathwayFixture.localDue;
import static org.carepath.coordination.pathway.PathwayFixture.step;

import java.time.LocalDateTime;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

class EndOfLifePathwayTest {

  private static final String PATHWAY = "end-of-life";

  private final PathwayFixture fixture = new PathwayFixture("2026-11-02T09:00:00");
  private final EnrolmentFacts onRegister =
      PathwayFixture.facts(79, ConditionGroups.PALLIATIVE_CARE);

  @Test
  void theAdvanceCarePlanningConversationIsDueWithin28DaysAndTheMdtRecursMonthly() {
    Enrolment enrolment = fixture.enrol(PATHWAY, onRegister);

    assertThat(localDue(enrolment, "eol-acp"))
        .isEqualTo(LocalDateTime.parse("2026-11-30T23:59:59"));
    assertThat(step(enrolment, "eol-crisis-summary").status()).isEqualTo(StepStatus.WAITING);

    fixture.clock.set("2026-11-27T12:00:00");
    Enrolment after = fixture.complete(PATHWAY, onRegister, "eol-mdt-review");
    assertThat(after.steps().stream().filter(s -> s.code().equals("eol-mdt-review"))).hasSize(2);
    assertThat(localDue(after, "eol-mdt-review"))
        .isEqualTo(LocalDateTime.parse("2026-12-25T23:59:59"));
  }

  @Test
  void hospiceAtHomeIsOfferedOnlyToThoseWhoPreferToDieAtHome() {
    fixture.enrol(PATHWAY, onRegister);
    fixture.record.add(preference("preferred-place-of-death", "22232009")); // hospital

    Enrolment after = fixture.complete(PATHWAY, onRegister, "eol-acp");

    assertThat(step(after, "eol-hospice-at-home").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(step(after, "eol-hospice-at-home").reason())
        .contains("Not applicable: only when the person's preferred place of death is home.");
    assertThat(step(after, "eol-crisis-summary").status()).isEqualTo(StepStatus.READY);
    // One working day after Monday 2 November.
    assertThat(localDue(after, "eol-crisis-summary"))
        .isEqualTo(LocalDateTime.parse("2026-11-03T23:59:59"));
  }

  @Test
  void deathClosesOpenStepsOpensPlaceOfDeathAndCompletesWhenItIsRecorded() {
    fixture.enrol(PATHWAY, onRegister);
    fixture.record.add(preference("preferred-place-of-death", "264362003")); // home
    Enrolment afterAcp = fixture.complete(PATHWAY, onRegister, "eol-acp");
    assertThat(step(afterAcp, "eol-hospice-at-home").status()).isEqualTo(StepStatus.READY);

    fixture.clock.set("2026-12-10T03:00:00");
    var ended =
        fixture.service.endAll(
            fixture.patient(onRegister),
            code -> Optional.of(PathwayFixture.definition(code)),
            "The patient died.",
            Optional.of("death"));

    Enrolment enrolment = ended.get(0);
    assertThat(enrolment.isActive()).isTrue();
    assertThat(step(enrolment, "eol-hospice-at-home").status()).isEqualTo(StepStatus.CANCELLED);
    assertThat(step(enrolment, "eol-hospice-at-home").reason()).contains("The patient died.");
    assertThat(step(enrolment, "eol-place-of-death").status()).isEqualTo(StepStatus.READY);
    assertThat(localDue(enrolment, "eol-place-of-death"))
        .isEqualTo(LocalDateTime.parse("2026-12-14T23:59:59"));

    Enrolment done = fixture.complete(PATHWAY, onRegister, "eol-place-of-death");
    assertThat(done.status()).isEqualTo(Enrolment.EnrolmentStatus.COMPLETED);
  }

  @Test
  void aPatientNotOnThePalliativeCareRegisterIsIneligible() {
    EnrolmentOutcome outcome =
        fixture.service.enrol(
            PathwayFixture.definition(PATHWAY),
            fixture.patient(PathwayFixture.facts(79)),
            Optional.empty());

    assertThat(((EnrolmentOutcome.Ineligible) outcome).reason())
        .contains("not on the palliative care register");
  }

  static Observation preference(String type, String snomed) {
    Observation observation = new Observation();
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.setCode(
        new CodeableConcept(
            new Coding("https://fhir.carepath.org/CodeSystem/eol-preference-type", type, null)));
    observation.setValue(new CodeableConcept(new Coding("http://snomed.info/sct", snomed, null)));
    return observation;
  }
}
