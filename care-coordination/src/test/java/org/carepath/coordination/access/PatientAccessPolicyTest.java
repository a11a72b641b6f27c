package org.carepath.coordination.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.access.PatientAccessPolicy.Basis;
import org.carepath.coordination.access.PatientAccessPolicy.Decision;
import org.junit.jupiter.api.Test;

class PatientAccessPolicyTest {

  private final PatientAccessPolicy policy = new PatientAccessPolicy();
  private final Accessor gp =
      new Accessor(
          Duty.DIRECT_CARE,
          Optional.of("Organization/practice-1"),
          Set.of("Organization/practice-1"));

  @Test
  void aRelationshipAllowsDirectCareAndSaysWhich() {
    Decision decision =
        policy.toRead(gp, new PatientStanding(Set.of(RelationshipKind.CARE_TEAM), false));

    assertThat(decision)
        .isEqualTo(
            new Decision.Allowed(
                Basis.RELATIONSHIP,
                "Direct care: the user's organisation is on the patient's care team."));
  }

  @Test
  void registrationIsNamedBeforeOtherRelationships() {
    Decision decision =
        policy.toRead(
            gp,
            new PatientStanding(
                Set.of(RelationshipKind.EPISODE_OF_CARE, RelationshipKind.REGISTERED), true));

    assertThat(decision.reason()).contains("registered at the user's practice");
    assertThat(((Decision.Allowed) decision).basis()).isEqualTo(Basis.RELATIONSHIP);
  }

  @Test
  void noRelationshipIsDeniedUnlessEmergencyAccessWasAsserted() {
    assertThat(policy.toRead(gp, PatientStanding.none()))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.NO_RELATIONSHIP));
    assertThat(policy.toWrite(gp, new PatientStanding(Set.of(), true)))
        .isEqualTo(new Decision.Allowed(Basis.EMERGENCY, "Emergency access asserted by the user."));
  }

  @Test
  void urgentCareReadsOnlyTheCrisisSummaryAndOnlyAfterRecordingWhy() {
    Accessor paramedic =
        new Accessor(
            Duty.URGENT_CARE,
            Optional.of("Organization/ambulance"),
            Set.of("Organization/ambulance"));
    PatientStanding noReason = PatientStanding.none();
    PatientStanding reasonRecorded = new PatientStanding(Set.of(), true);

    assertThat(policy.toReadCrisisSummary(paramedic, noReason))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.REASON_FIRST));
    Decision summary = policy.toReadCrisisSummary(paramedic, reasonRecorded);
    assertThat(summary.allowed()).isTrue();
    assertThat(((Decision.Allowed) summary).basis()).isEqualTo(Basis.EMERGENCY);
    assertThat(policy.whyNoEmergencyAccess(paramedic)).isEmpty();

    // Nothing else of the record, even with the reason recorded (or a relationship).
    assertThat(policy.toRead(paramedic, reasonRecorded))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.CRISIS_SUMMARY_ONLY));
    assertThat(policy.toWrite(paramedic, reasonRecorded).allowed()).isFalse();
    assertThat(
            policy.toRead(paramedic, new PatientStanding(Set.of(RelationshipKind.CARE_TEAM), true)))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.CRISIS_SUMMARY_ONLY));
    assertThat(policy.whyNoPatientRecords(paramedic))
        .contains(PatientAccessPolicy.CRISIS_SUMMARY_ONLY);

    // Within the summary, a sealed item stays sealed.
    RecordItem sealed =
        new RecordItem(Optional.of("Organization/practice-1"), Sharing.SEALED, Set.of(), false);
    assertThat(policy.toReadCrisisSummaryItem(paramedic, reasonRecorded, sealed).allowed())
        .isFalse();
    // Direct care reads the summary as it reads the record.
    assertThat(policy.toReadCrisisSummary(gp, noReason))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.NO_RELATIONSHIP));
  }

  @Test
  void commissionersAndContentAuthorsNeverSeeAPatientEvenWithARelationship() {
    PatientStanding registered = new PatientStanding(Set.of(RelationshipKind.REGISTERED), true);
    Accessor commissioner =
        new Accessor(
            Duty.COMMISSIONING,
            Optional.of("Organization/practice-1"),
            Set.of("Organization/practice-1"));
    Accessor author =
        new Accessor(
            Duty.CONTENT_AUTHORING,
            Optional.of("Organization/practice-1"),
            Set.of("Organization/practice-1"));

    assertThat(policy.toRead(commissioner, registered))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.AGGREGATES_ONLY));
    assertThat(policy.toWrite(author, registered))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.DEFINITIONS_ONLY));
    assertThat(policy.whyNoEmergencyAccess(commissioner))
        .contains(PatientAccessPolicy.AGGREGATES_ONLY);
    assertThat(policy.whyNoEmergencyAccess(gp)).isEmpty();
  }

  @Test
  void thePracticesPrivacyOfficerSeesAccessReportsButNotRecords() {
    Accessor officer =
        new Accessor(
            Duty.PRIVACY_OFFICE,
            Optional.of("Organization/practice-1"),
            Set.of("Organization/practice-1"));
    PatientStanding registered = new PatientStanding(Set.of(RelationshipKind.REGISTERED), false);
    PatientStanding onCareTeam = new PatientStanding(Set.of(RelationshipKind.CARE_TEAM), false);

    assertThat(policy.toReadAccessReport(officer, registered).allowed()).isTrue();
    assertThat(policy.toReadAccessReport(officer, onCareTeam))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.NOT_THE_PRACTICE));
    assertThat(policy.toRead(officer, registered))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.ACCESS_REPORTS_ONLY));
    // Clinicians who may read the record may read its access report ("who viewed this plan").
    assertThat(policy.toReadAccessReport(gp, onCareTeam).allowed()).isTrue();
    assertThat(policy.toReadAccessReport(gp, PatientStanding.none()).allowed()).isFalse();
  }

  @Test
  void worklistCountsCoverOnlyTheOrganisationsADirectCareUserActsFor() {
    Accessor coordinator =
        new Accessor(
            Duty.DIRECT_CARE,
            Optional.of("Organization/pcn-1"),
            Set.of("Organization/pcn-1", "Organization/practice-1", "Organization/practice-2"));
    Set<String> otherPcn = Set.of("Organization/pcn-2", "Organization/practice-3");
    Set<String> ownPcnAndPlace =
        Set.of("Organization/place", "Organization/pcn-1", "Organization/practice-1");

    assertThat(policy.toCount(coordinator, ownPcnAndPlace))
        .containsExactlyInAnyOrder("Organization/pcn-1", "Organization/practice-1");
    assertThat(policy.toCount(coordinator, otherPcn)).isEmpty();
    assertThat(policy.toCount(gp, ownPcnAndPlace)).containsExactly("Organization/practice-1");
    Accessor commissioner =
        new Accessor(
            Duty.COMMISSIONING, Optional.of("Organization/icb"), Set.of("Organization/icb"));
    assertThat(policy.toCount(commissioner, otherPcn)).isEqualTo(otherPcn);
    Accessor officer =
        new Accessor(
            Duty.PRIVACY_OFFICE,
            Optional.of("Organization/practice-1"),
            Set.of("Organization/practice-1"));
    assertThat(policy.toCount(officer, ownPcnAndPlace)).isEmpty();

    // KPI counts, whatever is asked: direct care their own organisations, commissioners all.
    assertThat(policy.countLimit(gp)).contains(gp.actsFor());
    assertThat(policy.countLimit(commissioner)).isEmpty();
    assertThat(policy.countLimit(officer)).contains(Set.of());
  }

  @Test
  void aTokenWithoutAKnownOrganisationReachesNobody() {
    Accessor nowhere = new Accessor(Duty.DIRECT_CARE, Optional.empty(), Set.of());

    assertThat(
            policy.toRead(nowhere, new PatientStanding(Set.of(RelationshipKind.REGISTERED), true)))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.NO_ORGANISATION));
    assertThat(policy.whyNoEmergencyAccess(nowhere)).contains(PatientAccessPolicy.NO_ORGANISATION);
  }

  @Test
  void relationshipsEndAfterTheGracePeriodOrAtOnceWhenVoid() {
    Instant now = Instant.parse("2026-12-02T10:00:00Z");
    Duration grace = Duration.ofDays(28);
    Relationship current =
        new Relationship(
            "p", "Organization/o", RelationshipKind.CARE_TEAM, Relationship.Standing.CURRENT);
    Relationship ended =
        new Relationship(
            "p", "Organization/o", RelationshipKind.CARE_TEAM, Relationship.Standing.ENDED);
    Relationship voided =
        new Relationship(
            "p", "Organization/o", RelationshipKind.CARE_TEAM, Relationship.Standing.VOID);

    assertThat(current.endsAt(now, grace)).isEmpty();
    assertThat(ended.endsAt(now, grace)).contains(Instant.parse("2026-12-30T10:00:00Z"));
    assertThat(voided.endsAt(now, grace)).contains(now);
  }
}
