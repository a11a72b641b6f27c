package org.carepath.coordination.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.access.BulkExportPolicy.Inclusion;
import org.carepath.coordination.access.BulkExportPolicy.Scope;
import org.carepath.coordination.access.BulkExportPolicy.Start;
import org.carepath.coordination.access.PatientAccessPolicy.Basis;
import org.carepath.coordination.access.PatientAccessPolicy.Decision;
import org.junit.jupiter.api.Test;

class BulkExportPolicyTest {

  private final BulkExportPolicy policy = new BulkExportPolicy();

  private final Accessor pcnCoordinator =
      new Accessor(
          Duty.DIRECT_CARE,
          Optional.of("Organization/pcn-1"),
          Set.of("Organization/pcn-1", "Organization/practice-1", "Organization/practice-2"));

  private static final Scope PCN_COHORT = new Scope.Cohort(Optional.of("Organization/pcn-1"));

  @Test
  void directCareWithTheExportActivityExportsForItsOwnOrganisation() {
    assertThat(policy.toStart(pcnCoordinator, true, PCN_COHORT))
        .isEqualTo(new Start.Allowed("Organization/pcn-1"));
    assertThat(policy.toStart(pcnCoordinator, true, new Scope.AllPatients()))
        .isEqualTo(new Start.Allowed("Organization/pcn-1"));
    assertThat(policy.toStart(pcnCoordinator, true, new Scope.System()))
        .isEqualTo(new Start.Allowed("Organization/pcn-1"));
  }

  @Test
  void aCohortOfAnotherOrganisationIsRefusedNamingItsManager() {
    Start start =
        policy.toStart(pcnCoordinator, true, new Scope.Cohort(Optional.of("Organization/pcn-2")));

    assertThat(start).isInstanceOf(Start.Refused.class);
    assertThat(((Start.Refused) start).reason()).contains("managed by Organization/pcn-2");
  }

  @Test
  void aPracticeDoesNotExportItsPcnsCohort() {
    Accessor gp =
        new Accessor(
            Duty.DIRECT_CARE,
            Optional.of("Organization/practice-1"),
            Set.of("Organization/practice-1"));

    assertThat(policy.toStart(gp, true, PCN_COHORT)).isInstanceOf(Start.Refused.class);
  }

  @Test
  void aGroupNoOrganisationManagesIsNotExported() {
    assertThat(policy.toStart(pcnCoordinator, true, new Scope.Cohort(Optional.empty())))
        .isEqualTo(new Start.Refused(BulkExportPolicy.UNMANAGED_GROUP));
  }

  @Test
  void commissionersAreToldTheyReceiveAggregates() {
    Accessor commissioner =
        new Accessor(
            Duty.COMMISSIONING, Optional.of("Organization/ics"), Set.of("Organization/ics"));

    assertThat(policy.toStart(commissioner, true, new Scope.System()))
        .isEqualTo(new Start.Refused(BulkExportPolicy.AGGREGATES_ONLY));
  }

  @Test
  void otherDutiesRolesWithoutTheActivityAndUnknownOrganisationsAreRefused() {
    Accessor author =
        new Accessor(
            Duty.CONTENT_AUTHORING, Optional.of("Organization/ics"), Set.of("Organization/ics"));
    Accessor nowhere = new Accessor(Duty.DIRECT_CARE, Optional.empty(), Set.of());

    assertThat(policy.toStart(author, true, new Scope.System()))
        .isEqualTo(new Start.Refused(BulkExportPolicy.DIRECT_CARE_ONLY));
    assertThat(policy.toStart(pcnCoordinator, false, PCN_COHORT))
        .isEqualTo(new Start.Refused(BulkExportPolicy.NO_EXPORT_ACTIVITY));
    assertThat(policy.toStart(nowhere, true, new Scope.AllPatients()))
        .isEqualTo(new Start.Refused(BulkExportPolicy.NO_ORGANISATION));
  }

  @Test
  void aPatientsRecordGoesInOnlyIfTheOrganisationWouldReadIt() {
    Decision readable = new Decision.Allowed(Basis.RELATIONSHIP, "registered");
    Decision hidden = new Decision.Denied("organisation-private to another custodian");

    assertThat(policy.toInclude("Condition", true, Optional.of(readable)))
        .isEqualTo(new Inclusion.Include());
    assertThat(policy.toInclude("Condition", true, Optional.of(hidden)))
        .isEqualTo(new Inclusion.Exclude("organisation-private to another custodian"));
  }

  @Test
  void auditEventsAreNeverExportedEvenWhenTheRecordIsReadable() {
    Decision readable = new Decision.Allowed(Basis.RELATIONSHIP, "registered");

    assertThat(policy.toInclude("AuditEvent", true, Optional.of(readable)))
        .isEqualTo(new Inclusion.Exclude(BulkExportPolicy.AUDIT_NOT_EXPORTED));
  }

  @Test
  void ofWhatIsNobodysRecordOnlyTheSharedDirectoryAndDefinitionsGoIn() {
    assertThat(policy.toInclude("Organization", false, Optional.empty()))
        .isEqualTo(new Inclusion.Include());
    assertThat(policy.toInclude("PlanDefinition", false, Optional.empty()))
        .isEqualTo(new Inclusion.Include());
    assertThat(policy.toInclude("Subscription", false, Optional.empty()))
        .isEqualTo(new Inclusion.Exclude(BulkExportPolicy.NOT_SHARED));
    assertThat(policy.toInclude("Bundle", false, Optional.empty()))
        .isEqualTo(new Inclusion.Exclude(BulkExportPolicy.NOT_SHARED));
    assertThat(policy.toInclude("Group", true, Optional.empty()))
        .isEqualTo(new Inclusion.Exclude(BulkExportPolicy.NOT_SHARED));
  }
}
