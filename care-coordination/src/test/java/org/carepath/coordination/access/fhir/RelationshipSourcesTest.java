package org.carepath.coordination.access.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.carepath.coordination.access.Relationship;
import org.carepath.coordination.access.Relationship.Standing;
import org.carepath.coordination.access.RelationshipKind;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class RelationshipSourcesTest {

  @Test
  void aPatientIsRegisteredAtTheOrganisationsAmongTheirGeneralPractitioners() {
    Patient patient = new Patient();
    patient.setId("p1");
    patient.addGeneralPractitioner(new Reference("Practitioner/dr"));
    patient.addGeneralPractitioner(new Reference("Organization/practice-1"));

    assertThat(RelationshipSources.of(patient))
        .containsExactly(
            new Relationship(
                "p1", "Organization/practice-1", RelationshipKind.REGISTERED, Standing.CURRENT));

    patient.setActive(false);
    assertThat(RelationshipSources.of(patient))
        .extracting(Relationship::standing)
        .containsExactly(Standing.ENDED);
  }

  @Test
  void everyOrganisationOnACareTeamIsRelatedWhileTheTeamIsActive() {
    CareTeam team = new CareTeam();
    team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
    team.setSubject(new Reference("Patient/p1"));
    team.addParticipant().setMember(new Reference("Organization/community"));
    team.addParticipant()
        .setMember(new Reference("Practitioner/nurse"))
        .setOnBehalfOf(new Reference("Organization/hospice"));
    team.addParticipant().setMember(new Reference("Organization/community"));

    assertThat(RelationshipSources.of(team))
        .extracting(Relationship::organisation)
        .containsExactly("Organization/community", "Organization/hospice");

    team.setStatus(CareTeam.CareTeamStatus.INACTIVE);
    assertThat(RelationshipSources.of(team))
        .extracting(Relationship::standing)
        .containsOnly(Standing.ENDED);
    team.setStatus(CareTeam.CareTeamStatus.ENTEREDINERROR);
    assertThat(RelationshipSources.of(team))
        .extracting(Relationship::standing)
        .containsOnly(Standing.VOID);
  }

  @Test
  void aTasksOwnerAndRequesterAreRelatedUntilItEnds() {
    Task task = new Task();
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setFor(new Reference("Patient/p1"));
    task.setOwner(new Reference("Organization/community"));
    task.setRequester(new Reference("Organization/practice-1"));

    assertThat(RelationshipSources.of(task))
        .containsExactly(
            new Relationship(
                "p1",
                "Organization/community",
                RelationshipKind.REFERRAL_OR_STEP,
                Standing.CURRENT),
            new Relationship(
                "p1",
                "Organization/practice-1",
                RelationshipKind.REFERRAL_OR_STEP,
                Standing.CURRENT));

    task.setStatus(Task.TaskStatus.COMPLETED);
    assertThat(RelationshipSources.of(task))
        .extracting(Relationship::standing)
        .containsOnly(Standing.ENDED);
    task.setFor(new Reference("Group/cohort"));
    assertThat(RelationshipSources.of(task)).isEmpty();
  }

  @Test
  void aCareHomeManagingAnEpisodeIsRelatedUntilItFinishes() {
    EpisodeOfCare episode = new EpisodeOfCare();
    episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
    episode.setPatient(new Reference("Patient/p1"));
    episode.setManagingOrganization(new Reference("Organization/care-home"));

    assertThat(RelationshipSources.of(episode))
        .containsExactly(
            new Relationship(
                "p1",
                "Organization/care-home",
                RelationshipKind.EPISODE_OF_CARE,
                Standing.CURRENT));
    episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
    assertThat(RelationshipSources.of(episode))
        .extracting(Relationship::standing)
        .containsOnly(Standing.ENDED);
  }

  @Test
  void otherRecordsMakeNoRelationship() {
    Observation observation = new Observation();
    observation.setSubject(new Reference("Patient/p1"));
    observation.addPerformer(new Reference("Organization/community"));

    assertThat(RelationshipSources.of(observation)).isEmpty();
  }
}
