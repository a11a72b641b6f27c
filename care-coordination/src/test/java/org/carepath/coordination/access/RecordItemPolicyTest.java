package org.carepath.coordination.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.access.PatientAccessPolicy.Decision;
import org.junit.jupiter.api.Test;

/** {@link PatientAccessPolicy#toReadItem}: sharing classes and objections to sharing. */
class RecordItemPolicyTest {

  private static final String PRACTICE = "Organization/practice-1";
  private static final String PCN = "Organization/pcn-1";
  private static final String COMMUNITY = "Organization/community";

  private final PatientAccessPolicy policy = new PatientAccessPolicy();
  private final Accessor gp =
      new Accessor(Duty.DIRECT_CARE, Optional.of(PRACTICE), Set.of(PRACTICE));
  private final Accessor pcn =
      new Accessor(Duty.DIRECT_CARE, Optional.of(PCN), Set.of(PCN, PRACTICE));
  private final Accessor nurse =
      new Accessor(Duty.DIRECT_CARE, Optional.of(COMMUNITY), Set.of(COMMUNITY));

  private final PatientStanding registered =
      new PatientStanding(Set.of(RelationshipKind.REGISTERED), false);
  private final PatientStanding onCareTeam =
      new PatientStanding(Set.of(RelationshipKind.CARE_TEAM), false);
  private final PatientStanding emergency = new PatientStanding(Set.of(), true);

  private static RecordItem item(Sharing sharing) {
    return new RecordItem(Optional.of(PRACTICE), sharing, Set.of(), false);
  }

  @Test
  void sharedItemsFollowTheRecord() {
    assertThat(policy.toReadItem(nurse, onCareTeam, item(Sharing.SHARED)).allowed()).isTrue();
    assertThat(policy.toReadItem(nurse, PatientStanding.none(), item(Sharing.SHARED)))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.NO_RELATIONSHIP));
  }

  @Test
  void organisationPrivateItemsStayWithTheirCustodianEvenInAnEmergency() {
    assertThat(policy.toReadItem(gp, registered, item(Sharing.ORGANISATION_PRIVATE)).allowed())
        .isTrue();
    assertThat(policy.toReadItem(gp, emergency, item(Sharing.ORGANISATION_PRIVATE)).allowed())
        .as("the custodian's own staff, through emergency access")
        .isTrue();
    assertThat(policy.toReadItem(pcn, registered, item(Sharing.ORGANISATION_PRIVATE)))
        .as("a PCN acting for the practice is another organisation")
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.PRIVATE_ITEM));
    assertThat(policy.toReadItem(nurse, emergency, item(Sharing.ORGANISATION_PRIVATE)))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.PRIVATE_ITEM));
  }

  @Test
  void sealedItemsAreNeverOpenedByEmergencyAccess() {
    assertThat(policy.toReadItem(gp, registered, item(Sharing.SEALED)).allowed()).isTrue();
    assertThat(policy.toReadItem(gp, emergency, item(Sharing.SEALED)))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.SEALED_ITEM));
    assertThat(policy.toReadItem(nurse, onCareTeam, item(Sharing.SEALED)))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.SEALED_ITEM));
  }

  @Test
  void anObjectionLeavesOtherOrganisationsWhatTheyRecordedOrWereSent() {
    PatientStanding objecting =
        new PatientStanding(Set.of(RelationshipKind.CARE_TEAM), false, true);
    RecordItem gpsCondition = item(Sharing.SHARED);
    RecordItem nursesNote = new RecordItem(Optional.of(COMMUNITY), Sharing.SHARED, Set.of(), false);
    RecordItem referralToNurse =
        new RecordItem(Optional.of(PRACTICE), Sharing.SHARED, Set.of(PRACTICE, COMMUNITY), false);
    RecordItem patient = new RecordItem(Optional.of(PRACTICE), Sharing.SHARED, Set.of(), true);

    assertThat(policy.toReadItem(nurse, objecting, gpsCondition))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.OBJECTION));
    assertThat(policy.toReadItem(nurse, objecting, nursesNote).allowed()).isTrue();
    assertThat(policy.toReadItem(nurse, objecting, referralToNurse).allowed()).isTrue();
    assertThat(policy.toReadItem(nurse, objecting, patient).allowed()).isTrue();
    assertThat(
            policy
                .toReadItem(
                    gp,
                    new PatientStanding(Set.of(RelationshipKind.REGISTERED), false, true),
                    new RecordItem(Optional.empty(), Sharing.SHARED, Set.of(), false))
                .allowed())
        .as("the registered practice holds what the server recorded")
        .isTrue();
  }

  @Test
  void emergencyAccessOpensTheSharedRecordDespiteAnObjection() {
    PatientStanding objectingEmergency = new PatientStanding(Set.of(), true, true);

    assertThat(policy.toReadItem(nurse, objectingEmergency, item(Sharing.SHARED)))
        .isInstanceOf(Decision.Allowed.class);
    assertThat(policy.toReadItem(nurse, objectingEmergency, item(Sharing.SEALED)).allowed())
        .isFalse();
  }

  @Test
  void underAnObjectionOnlyTheRegisteredPracticeOrAnEmergencyAnalysesTheWholeRecord() {
    assertThat(
            policy.toAnalyseRecord(
                nurse, new PatientStanding(Set.of(RelationshipKind.CARE_TEAM), false, true)))
        .isEqualTo(new Decision.Denied(PatientAccessPolicy.OBJECTION_ANALYSIS));
    assertThat(
            policy
                .toAnalyseRecord(
                    pcn, new PatientStanding(Set.of(RelationshipKind.REGISTERED), false, true))
                .allowed())
        .isTrue();
    assertThat(policy.toAnalyseRecord(nurse, new PatientStanding(Set.of(), true, true)).allowed())
        .isTrue();
    assertThat(policy.toAnalyseRecord(nurse, onCareTeam).allowed()).isTrue();
  }
}
