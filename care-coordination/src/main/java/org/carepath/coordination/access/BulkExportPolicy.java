package org.carepath.coordination.access;

import java.util.Optional;
import java.util.Set;

/**
 * Who may export records in bulk (FHIR Bulk Data {@code $export}), and what an export carries.
 *
 * <p>An export is made for an organisation giving direct care, by a user whose role has the export
 * activity, and carries what that organisation itself may see: each patient-level resource as its
 * staff caring for the patient would read it (a legitimate relationship, the item's sharing class,
 * the patient's objection — never emergency access, which is for one patient at a time and a
 * person, not an organisation's file), and from the rest only the shared directory and definitions.
 * Commissioners receive aggregates, never an export of patient-level records (the National Data
 * Opt-out applies to secondary uses; docs/security.md). A cohort ({@code Group}) is exported only
 * by those acting for the organisation that manages it.
 */
public final class BulkExportPolicy {

  static final String AGGREGATES_ONLY =
      "commissioners receive aggregates (KPIs, $gaps counts, population-run summaries), not"
          + " patient-level exports";
  static final String DIRECT_CARE_ONLY =
      "bulk export of patient-level records is for organisations giving direct care";
  static final String NO_EXPORT_ACTIVITY =
      "the caller's role does not include exporting records (activity export-records)";
  static final String NO_ORGANISATION =
      "the token names no known organisation: an export is made for an organisation";
  static final String UNMANAGED_GROUP =
      "the Group names no managing organisation: only a cohort an organisation manages is exported";
  static final String AUDIT_NOT_EXPORTED =
      "who accessed records is read by privacy officers (AuditEvent, $access-report), not exported";
  static final String NOT_SHARED =
      "not shared by export: only patients' records and the shared directory and definitions are";

  /**
   * The resources that are nobody's record and everyone's to read: the directory of services and
   * staff, and the definitions care runs on. Anything else that is nobody's record (Subscriptions
   * with their endpoints, stored Bundles, a Group with no members) stays out.
   */
  static final Set<String> SHARED_TYPES =
      Set.of(
          "Organization",
          "Practitioner",
          "PractitionerRole",
          "Location",
          "HealthcareService",
          "Medication",
          "PlanDefinition",
          "ActivityDefinition",
          "Measure",
          "Library",
          "Questionnaire",
          "StructureDefinition",
          "SearchParameter",
          "CodeSystem",
          "ValueSet",
          "ConceptMap",
          "OperationDefinition");

  /** What an export is asked for. */
  public sealed interface Scope {
    /** {@code [base]/$export}: everything of every type. */
    record System() implements Scope {}

    /** {@code Patient/$export}: every patient's record. */
    record AllPatients() implements Scope {}

    /**
     * {@code Group/[id]/$export}: a cohort's records.
     *
     * @param managingOrganisation the Group's managing organisation ({@code Organization/<id>})
     */
    record Cohort(Optional<String> managingOrganisation) implements Scope {}
  }

  /** Whether an export may start. */
  public sealed interface Start {
    record Allowed(String organisation) implements Start {}

    record Refused(String reason) implements Start {}
  }

  /** Whether one resource goes into an export. */
  public sealed interface Inclusion {
    record Include() implements Inclusion {}

    record Exclude(String reason) implements Inclusion {}
  }

  /**
   * Whether {@code accessor} may start an export of {@code scope}; allowed, it is made for their
   * organisation.
   *
   * @param mayExport whether the caller's role has the export activity
   */
  public Start toStart(Accessor accessor, boolean mayExport, Scope scope) {
    if (accessor.duty() == Duty.COMMISSIONING) {
      return new Start.Refused(AGGREGATES_ONLY);
    }
    if (accessor.duty() != Duty.DIRECT_CARE) {
      return new Start.Refused(DIRECT_CARE_ONLY);
    }
    if (!mayExport) {
      return new Start.Refused(NO_EXPORT_ACTIVITY);
    }
    if (accessor.organisation().isEmpty()) {
      return new Start.Refused(NO_ORGANISATION);
    }
    if (scope instanceof Scope.Cohort cohort) {
      if (cohort.managingOrganisation().isEmpty()) {
        return new Start.Refused(UNMANAGED_GROUP);
      }
      String manager = cohort.managingOrganisation().get();
      if (!accessor.actsFor().contains(manager)) {
        return new Start.Refused(
            "the cohort is managed by "
                + manager
                + "; only those acting for that organisation export it");
      }
    }
    return new Start.Allowed(accessor.organisation().get());
  }

  /**
   * Whether a resource goes into an export made for an organisation.
   *
   * @param type the resource type
   * @param patientLevel whether resources of the type are part of patients' records
   * @param organisationMayRead for a resource that is some patient's record: whether the
   *     organisation's staff caring for them would read it, and if not why; empty for nobody's
   *     record
   */
  public Inclusion toInclude(
      String type,
      boolean patientLevel,
      Optional<PatientAccessPolicy.Decision> organisationMayRead) {
    if ("AuditEvent".equals(type)) {
      return new Inclusion.Exclude(AUDIT_NOT_EXPORTED);
    }
    if (organisationMayRead.isPresent()) {
      PatientAccessPolicy.Decision decision = organisationMayRead.get();
      return decision.allowed()
          ? new Inclusion.Include()
          : new Inclusion.Exclude(decision.reason());
    }
    // A patient-level type naming no patient is nobody's care record (a Group with no members):
    // shared only if the type is.
    return !patientLevel && SHARED_TYPES.contains(type)
        ? new Inclusion.Include()
        : new Inclusion.Exclude(NOT_SHARED);
  }
}
