package org.carepath.server.bulkexport;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.access.BulkExportPolicy;
import org.carepath.coordination.access.BulkExportPolicy.Scope;
import org.carepath.coordination.access.BulkExportPolicy.Start;
import org.carepath.server.access.PatientAccess;
import org.carepath.server.audit.AuditTrail;
import org.carepath.server.security.Activity;
import org.carepath.server.security.CarepathUser;
import org.carepath.server.security.CurrentUser;
import org.carepath.server.security.RoleActivities;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;

/**
 * What {@link BulkExportPolicy} decides, asked with what a request and an export job know: who may
 * start an export and for which organisation, what goes into it, and who reads its files.
 */
class BulkExportAccess {

  private final BulkExportPolicy policy;
  private final PatientAccess access;
  private final RoleActivities activities;
  private final DaoRegistry daoRegistry;
  private final AuditTrail audit;

  /** What one running export has found out, by its key. */
  private record Running(PatientAccess.OrganisationView view, Set<String> auditedPatients) {}

  /**
   * Each running export's view as its organisation (each patient's standing looked up once per
   * export) and the patients it has recorded as exported (one audit event per patient and export),
   * forgotten an hour after its last use: a job's steps on another replica, or after a restart,
   * look up and record a patient again rather than never.
   */
  private final Cache<String, Running> running =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1)).maximumSize(1_000).build();

  BulkExportAccess(
      BulkExportPolicy policy,
      PatientAccess access,
      RoleActivities activities,
      DaoRegistry daoRegistry,
      AuditTrail audit) {
    this.policy = policy;
    this.access = access;
    this.activities = activities;
    this.daoRegistry = daoRegistry;
    this.audit = audit;
  }

  /**
   * Whether the caller may start an export of {@code scope}; a refusal says why. A request without
   * a Carepath user is refused: an export is made for a user's organisation.
   */
  Start toStart(RequestDetails request, Scope scope) {
    Optional<CarepathUser> user = CurrentUser.get();
    if (user.isEmpty()) {
      return new Start.Refused("no Carepath identity");
    }
    return access
        .accessor(request)
        .map(
            accessor ->
                policy.toStart(
                    accessor, activities.allows(user.get(), Activity.EXPORT_RECORDS), scope))
        .orElse(new Start.Refused("no Carepath identity"));
  }

  /**
   * The scope of a cohort export: the Group's managing organisation, read as the server (the policy
   * decides who may see it). Empty when there is no such Group: HAPI answers that.
   */
  Optional<Scope> cohort(String groupId) {
    try {
      Group group =
          daoRegistry
              .getResourceDao(Group.class)
              .read(new IdType("Group", groupId), new SystemRequestDetails());
      Optional<String> manager =
          Optional.of(group.getManagingEntity())
              .filter(
                  reference ->
                      "Organization".equals(reference.getReferenceElement().getResourceType()))
              .map(reference -> "Organization/" + reference.getReferenceElement().getIdPart());
      return Optional.of(new Scope.Cohort(manager));
    } catch (ResourceNotFoundException
        | ca.uhn.fhir.rest.server.exceptions.ResourceGoneException e) {
      return Optional.empty();
    }
  }

  /** The owner of an export the caller starts for {@code organisation}. */
  ExportOwner ownerFor(String organisation) {
    CarepathUser user = CurrentUser.get().orElseThrow();
    return ExportOwner.newExport(
        organisation, user.organisationOdsCode().orElse(""), user.subject());
  }

  /** The owner written on an export job, if Carepath started it. */
  static Optional<ExportOwner> ownerOf(BulkExportJobParameters parameters) {
    return ExportOwner.parse(
        parameters.getBinarySecurityContextIdentifierSystem(),
        parameters.getBinarySecurityContextIdentifierValue());
  }

  /** Whether the caller is the user and organisation an export was made for. */
  boolean isCallerOwner(RequestDetails request, ExportOwner owner) {
    return CurrentUser.get()
        .filter(
            user ->
                owner.isCaller(
                    user.subject(), access.accessor(request).flatMap(a -> a.organisation())))
        .isPresent();
  }

  /**
   * Whether {@code resource} goes into the export made for {@code owner}; a patient exported is
   * audited, once per export. A job Carepath did not start for an owner (none can be started
   * otherwise) exports nothing.
   */
  boolean include(BulkExportJobParameters parameters, IBaseResource resource) {
    Optional<ExportOwner> found = ownerOf(parameters);
    if (found.isEmpty()) {
      return false;
    }
    ExportOwner owner = found.get();
    Running export =
        running.get(
            owner.key(),
            key ->
                new Running(
                    access.asOrganisation(owner.organisation()),
                    java.util.concurrent.ConcurrentHashMap.newKeySet()));
    String type = resource.fhirType();
    boolean included =
        policy.toInclude(type, access.isPatientLevel(type), export.view().toRead(resource))
            instanceof BulkExportPolicy.Inclusion.Include;
    if (included) {
      for (String patient : access.patientsOf(resource)) {
        if (export.auditedPatients().add(patient)) {
          audit.exported(
              owner.subject(),
              owner.odsCode(),
              owner.organisation(),
              patient,
              parameters.getOriginalRequestUrl());
        }
      }
    }
    return included;
  }
}
