package org.carepath.coordination.pathway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.pathway.RecordEvent;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.junit.jupiter.api.Test;

class RecordEventsTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Instant START = Instant.parse("2026-11-20T09:00:00Z");
  private final RecordEvents events =
      new RecordEvents(c -> c.getCode().hasText() ? Set.of(c.getCode().getText()) : Set.of());

  @Test
  void aConditionInAProblemGroupIsAProblemRecorded() {
    Condition diabetes = new Condition().setSubject(new Reference("Patient/p1"));
    diabetes.setCode(new CodeableConcept().setText("diabetes"));
    assertThat(events.of(null, diabetes, NOW))
        .containsExactly(new RecordEvent.ProblemRecorded("p1", Set.of("diabetes")));
    assertThat(events.of(null, new Condition().setSubject(new Reference("Patient/p1")), NOW))
        .isEmpty();
  }

  @Test
  void onlyAnActiveEpisodeWithAManagingOrganisationCounts() {
    EpisodeOfCare episode =
        new EpisodeOfCare()
            .setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE)
            .setPatient(new Reference("Patient/p1"))
            .setManagingOrganization(new Reference("Organization/home"))
            .setPeriod(new Period().setStart(Date.from(START)));
    assertThat(events.of(null, episode, NOW))
        .containsExactly(
            new RecordEvent.EpisodeOfCareActive("p1", "Organization/home", Optional.of(START)));
    episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
    assertThat(events.of(null, episode, NOW)).isEmpty();
  }

  @Test
  void emergencyAndInpatientEncountersAreReadByClassAndStatus() {
    Encounter emergency =
        new Encounter()
            .setStatus(Encounter.EncounterStatus.ARRIVED)
            .setClass_(new Coding().setCode("EMER"))
            .setSubject(new Reference("Patient/p1"));
    assertThat(events.of(null, emergency, NOW))
        .containsExactly(new RecordEvent.EmergencyAttendance("p1", NOW));
    emergency.setStatus(Encounter.EncounterStatus.ENTEREDINERROR);
    assertThat(events.of(null, emergency, NOW)).isEmpty();

    Encounter stay =
        new Encounter()
            .setStatus(Encounter.EncounterStatus.INPROGRESS)
            .setClass_(new Coding().setCode("IMP"))
            .setSubject(new Reference("Patient/p1"))
            .setPeriod(new Period().setStart(Date.from(START)).setEnd(Date.from(NOW)));
    assertThat(events.of(null, stay, NOW)).isEmpty();
    stay.setStatus(Encounter.EncounterStatus.FINISHED);
    assertThat(events.of(null, stay, NOW))
        .containsExactly(new RecordEvent.InpatientDischarge("p1", Optional.of(NOW)));
  }

  @Test
  void aDeathCountsOnceWhenItIsFirstRecorded() {
    Patient alive = new Patient();
    alive.setId("Patient/p1");
    Patient died = alive.copy();
    died.setDeceased(new BooleanType(true));
    assertThat(events.of(alive, died, NOW)).containsExactly(new RecordEvent.Died("p1"));
    assertThat(events.of(died, died.copy(), NOW)).isEmpty();
    assertThat(events.of(null, alive, NOW)).isEmpty();
  }

  @Test
  void poorDiabetesControlCountsWhenTheResultEntersTheBand() {
    RiskAssessment poor = diabetesControl("poor-control");
    RiskAssessment controlled = diabetesControl("above-target");
    assertThat(events.of(controlled, poor, NOW))
        .containsExactly(new RecordEvent.PoorDiabetesControl("p1", NOW));
    assertThat(events.of(poor, poor.copy(), NOW)).isEmpty();
    assertThat(events.of(null, controlled, NOW)).isEmpty();
  }

  private static RiskAssessment diabetesControl(String band) {
    RiskAssessment result = new RiskAssessment().setSubject(new Reference("Patient/p1"));
    result.setMethod(
        new CodeableConcept(
            new Coding(
                "https://fhir.carepath.org/CodeSystem/risk-model", "diabetes-control", null)));
    result
        .addPrediction()
        .setQualitativeRisk(
            new CodeableConcept(
                new Coding("https://fhir.carepath.org/CodeSystem/diabetes-control", band, null)));
    return result;
  }
}
