package org.carepath.coordination.access.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class RecordPatientsTest {

  private static final RecordPatients PATIENTS = new RecordPatients(FhirContext.forR4Cached());

  @Test
  void aPatientIsPartOfTheirOwnRecord() {
    Patient patient = new Patient();
    patient.setId("Patient/p1/_history/3");

    assertThat(PATIENTS.of(patient)).containsExactly("p1");
  }

  @Test
  void compartmentMembersBelongToTheirPatient() {
    Condition condition = new Condition();
    condition.setSubject(new Reference("Patient/p1"));
    CareTeam team = new CareTeam();
    team.setSubject(new Reference("Patient/p2"));
    team.addParticipant().setMember(new Reference("Patient/p3"));
    team.addParticipant().setMember(new Reference("Organization/community-trust"));
    team.addParticipant().setMember(new Reference("Practitioner/nurse"));

    assertThat(PATIENTS.of(condition)).containsExactly("p1");
    assertThat(PATIENTS.of(team)).containsExactlyInAnyOrder("p2", "p3");
  }

  @Test
  void aTaskBelongsToThePatientItIsFor() {
    Task task = new Task();
    task.setFor(new Reference("Patient/p1"));
    task.setOwner(new Reference("Organization/o"));

    assertThat(PATIENTS.of(task)).containsExactly("p1");
    assertThat(PATIENTS.isPatientLevel("Task")).isTrue();
  }

  @Test
  void aGroupBelongsToEveryMember() {
    Group group = new Group();
    group.addMember().setEntity(new Reference("Patient/p1"));
    group.addMember().setEntity(new Reference("Patient/p2"));

    assertThat(PATIENTS.of(group)).containsExactly("p1", "p2");
  }

  @Test
  void directoryAndPopulationRecordsAreNobodys() {
    MeasureReport summary = new MeasureReport();
    summary.setType(MeasureReport.MeasureReportType.SUMMARY);
    Organization practice = new Organization();

    assertThat(PATIENTS.of(summary)).isEmpty();
    assertThat(PATIENTS.of(practice)).isEmpty();
    assertThat(PATIENTS.isPatientLevel("Organization")).isFalse();
    assertThat(PATIENTS.isPatientLevel("PlanDefinition")).isFalse();
    assertThat(PATIENTS.isPatientLevel("Observation")).isTrue();
    assertThat(PATIENTS.isPatientLevel("NotAType")).isFalse();
  }
}
