package org.carepath.coordination.access;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Seed 004, "only the right people have the right access at the right time": whether an accessor
 * may read or write one patient's record. Direct care only, and then with a legitimate relationship
 * (registered at their practice or a practice of their PCN, on the care team, owning or requesting
 * a referral or step, managing an episode of care) or an emergency access they asserted;
 * commissioners and content authors never see a patient-level record.
 */
public final class PatientAccessPolicy {

  /** Allowed, and on what basis; or denied, and why. */
  public sealed interface Decision {
    boolean allowed();

    String reason();

    record Allowed(Basis basis, String reason) implements Decision {
      @Override
      public boolean allowed() {
        return true;
      }
    }

    record Denied(String reason) implements Decision {
      @Override
      public boolean allowed() {
        return false;
      }
    }
  }

  /** What an allowed access rests on, recorded as its purpose of use. */
  public enum Basis {
    /** Direct care within a legitimate relationship (purpose of use: treatment). */
    RELATIONSHIP,
    /** Emergency (break-glass) access the user asserted (purpose of use: emergency treatment). */
    EMERGENCY
  }

  static final String AGGREGATES_ONLY =
      "Commissioners see aggregates (KPIs, counts), not patient-level records.";
  static final String DEFINITIONS_ONLY =
      "Content authors work on pathway and terminology definitions, not patients' records.";
  static final String ACCESS_REPORTS_ONLY =
      "Privacy officers see who accessed a record (its access report), not the record itself.";
  static final String NOT_THE_PRACTICE =
      "Only the privacy officer of the patient's registered practice, or those caring for the"
          + " patient, see who accessed their record.";
  static final String NO_ORGANISATION =
      "The token names no organisation Carepath knows, so it has no relationship with any patient.";
  static final String CRISIS_SUMMARY_ONLY =
      "Urgent care (111, ambulance, out of hours) reads a patient's crisis summary ($summary), after"
          + " recording why (emergency access), and nothing else of the record.";
  static final String REASON_FIRST =
      "Record why you need this patient's crisis summary first: assert emergency access with a"
          + " reason.";
  static final String NO_RELATIONSHIP =
      "No legitimate relationship with this patient (registration, care team, referral, pathway"
          + " step or episode of care); in an emergency, assert emergency access first.";

  static final String SEALED_ITEM =
      "Sealed: only its custodian organisation's staff caring for the patient see it, never through"
          + " emergency access.";
  static final String PRIVATE_ITEM =
      "Organisation-private: it stays with the organisation that recorded it.";
  static final String OBJECTION =
      "The patient objects to sharing their record: other organisations see what they recorded"
          + " or were sent themselves, and the rest only in an emergency.";

  /** Whether {@code accessor} may read the record of a patient in {@code standing}. */
  public Decision toRead(Accessor accessor, PatientStanding standing) {
    return decide(accessor, standing);
  }

  static final String OBJECTION_ANALYSIS =
      "The patient objects to sharing their record: only their registered practice (and its PCN)"
          + " analyse the whole of it, or others in an emergency.";

  /**
   * Whether {@code accessor} may have the server analyse the whole record (risk stratification
   * reads every item, whoever holds it): as reading it, but under an objection to sharing only the
   * registered practice (and its PCN), or emergency access.
   */
  public Decision toAnalyseRecord(Accessor accessor, PatientStanding standing) {
    Decision record = decide(accessor, standing);
    if (record instanceof Decision.Allowed allowed
        && standing.objection()
        && !standing.relationships().contains(RelationshipKind.REGISTERED)
        && allowed.basis() != Basis.EMERGENCY) {
      return new Decision.Denied(OBJECTION_ANALYSIS);
    }
    return record;
  }

  /**
   * Whether {@code accessor} may read one item of the record of a patient in {@code standing}: the
   * record first, then the item's sharing class and the patient's objection to sharing. Sealed and
   * organisation-private items stay with their custodian (sealed ones not even through emergency
   * access); under an objection, an organisation sees the Patient and the objection itself, the
   * items it holds custody of and those that name it (a referral sent to it), and the rest only
   * through emergency access. What the server recorded has the patient's registered practice as its
   * custodian.
   */
  public Decision toReadItem(Accessor accessor, PatientStanding standing, RecordItem item) {
    return item(decide(accessor, standing), accessor, standing, item);
  }

  /**
   * Whether {@code accessor} may read a patient's crisis summary ({@code $summary}): for direct
   * care as reading the record; for urgent care (111, ambulance, out of hours) — who reach no other
   * patient-level record — once they have recorded why (an emergency access they asserted), the
   * basis the access is audited under.
   */
  public Decision toReadCrisisSummary(Accessor accessor, PatientStanding standing) {
    if (accessor.duty() != Duty.URGENT_CARE) {
      return decide(accessor, standing);
    }
    Optional<String> refused = noOrganisation(accessor);
    if (refused.isPresent()) {
      return new Decision.Denied(refused.get());
    }
    return standing.emergencyAccess()
        ? new Decision.Allowed(
            Basis.EMERGENCY, "Urgent care: crisis summary, emergency access asserted by the user.")
        : new Decision.Denied(REASON_FIRST);
  }

  /**
   * Whether {@code accessor} may see one item of a patient's crisis summary: the summary's decision
   * ({@link #toReadCrisisSummary}), then the item's sharing class as for any read (sealed items
   * never through emergency access, organisation-private ones only by their custodian).
   */
  public Decision toReadCrisisSummaryItem(
      Accessor accessor, PatientStanding standing, RecordItem item) {
    return item(toReadCrisisSummary(accessor, standing), accessor, standing, item);
  }

  private Decision item(
      Decision record, Accessor accessor, PatientStanding standing, RecordItem item) {
    if (!(record instanceof Decision.Allowed allowed)) {
      return record;
    }
    boolean custodian =
        item.custodian()
            .map(c -> accessor.organisation().filter(c::equals).isPresent())
            .orElse(standing.relationships().contains(RelationshipKind.REGISTERED));
    switch (item.sharing()) {
      case SEALED:
        return custodian && allowed.basis() == Basis.RELATIONSHIP
            ? allowed
            : new Decision.Denied(SEALED_ITEM);
      case ORGANISATION_PRIVATE:
        return custodian ? allowed : new Decision.Denied(PRIVATE_ITEM);
      default:
        boolean named = item.involves().stream().anyMatch(accessor.actsFor()::contains);
        return !standing.objection()
                || item.neverHidden()
                || custodian
                || named
                || allowed.basis() == Basis.EMERGENCY
            ? allowed
            : new Decision.Denied(OBJECTION);
    }
  }

  /**
   * Whether {@code accessor} may write to the record of a patient in {@code standing}: the same
   * rule as reading, where {@code standing} is what held before the write (a write cannot create
   * the relationship that allows it, such as adding one's own organisation to a care team).
   */
  public Decision toWrite(Accessor accessor, PatientStanding standing) {
    return decide(accessor, standing);
  }

  /**
   * Whether {@code accessor} may see who accessed the record of a patient in {@code standing} (the
   * access report and its AuditEvents): the privacy officer of the patient's registered practice,
   * and those who may read the record.
   */
  public Decision toReadAccessReport(Accessor accessor, PatientStanding standing) {
    if (accessor.duty() == Duty.PRIVACY_OFFICE) {
      return standing.relationships().contains(RelationshipKind.REGISTERED)
          ? new Decision.Allowed(
              Basis.RELATIONSHIP, "Privacy officer of the patient's registered practice.")
          : new Decision.Denied(NOT_THE_PRACTICE);
    }
    return decide(accessor, standing);
  }

  /**
   * Why {@code accessor} never sees a patient-level record whatever their relationships
   * (commissioners, content authors, privacy officers — who see access reports only — and urgent
   * care, who see only a crisis summary), or empty for direct care.
   */
  public Optional<String> whyNoPatientRecords(Accessor accessor) {
    return refusedByDuty(accessor)
        .or(
            () ->
                accessor.duty() == Duty.URGENT_CARE
                    ? Optional.of(CRISIS_SUMMARY_ONLY)
                    : Optional.empty());
  }

  /**
   * Which of the organisations {@code asked} ({@code Organization/<id>}) operational counts for
   * {@code accessor} may cover — a worklist's overdue, due-soon and unclaimed steps: for direct
   * care only those they act for (steps their own organisations own, of patients registered at
   * them), so that asking for another practice's or PCN's worklist counts nothing of it; for
   * commissioners all they ask (aggregates are their work, small numbers withheld); nobody's for
   * content authors and privacy officers.
   */
  public Set<String> toCount(Accessor accessor, Set<String> asked) {
    switch (accessor.duty()) {
      case DIRECT_CARE:
        Set<String> within = new LinkedHashSet<>(asked);
        within.retainAll(accessor.actsFor());
        return Set.copyOf(within);
      case COMMISSIONING:
        return Set.copyOf(asked);
      default:
        return Set.of();
    }
  }

  /**
   * The organisations whose patients pathway KPI counts ({@code $evaluate-measure}) for {@code
   * accessor} may cover, whatever they ask: for direct care those they act for (counts of their own
   * patients, not another practice's small numbers); for commissioners no limit (aggregates are
   * their work, small numbers withheld) — empty; nobody's for content authors and privacy officers.
   */
  public Optional<Set<String>> countLimit(Accessor accessor) {
    switch (accessor.duty()) {
      case DIRECT_CARE:
        return Optional.of(Set.copyOf(accessor.actsFor()));
      case COMMISSIONING:
        return Optional.empty();
      default:
        return Optional.of(Set.of());
    }
  }

  /** Why {@code accessor} may not assert emergency access at all, or empty when they may. */
  public Optional<String> whyNoEmergencyAccess(Accessor accessor) {
    return refusedByDuty(accessor).or(() -> noOrganisation(accessor));
  }

  private Decision decide(Accessor accessor, PatientStanding standing) {
    Optional<String> refused = whyNoEmergencyAccess(accessor);
    if (refused.isPresent()) {
      return new Decision.Denied(refused.get());
    }
    if (accessor.duty() == Duty.URGENT_CARE) {
      return new Decision.Denied(CRISIS_SUMMARY_ONLY);
    }
    Optional<RelationshipKind> relationship =
        standing.relationships().stream().min(Comparator.naturalOrder());
    if (relationship.isPresent()) {
      return new Decision.Allowed(
          Basis.RELATIONSHIP, "Direct care: " + describe(relationship.get()) + ".");
    }
    if (standing.emergencyAccess()) {
      return new Decision.Allowed(Basis.EMERGENCY, "Emergency access asserted by the user.");
    }
    return new Decision.Denied(NO_RELATIONSHIP);
  }

  private static Optional<String> refusedByDuty(Accessor accessor) {
    switch (accessor.duty()) {
      case COMMISSIONING:
        return Optional.of(AGGREGATES_ONLY);
      case CONTENT_AUTHORING:
        return Optional.of(DEFINITIONS_ONLY);
      case PRIVACY_OFFICE:
        return Optional.of(ACCESS_REPORTS_ONLY);
      default:
        return Optional.empty();
    }
  }

  private static Optional<String> noOrganisation(Accessor accessor) {
    return accessor.actsFor().isEmpty() ? Optional.of(NO_ORGANISATION) : Optional.empty();
  }

  static String describe(RelationshipKind kind) {
    switch (kind) {
      case REGISTERED:
        return "the patient is registered at the user's practice (or a practice of their PCN)";
      case CARE_TEAM:
        return "the user's organisation is on the patient's care team";
      case REFERRAL_OR_STEP:
        return "the user's organisation owns or requested one of the patient's referrals or"
            + " pathway steps";
      default:
        return "the user's organisation manages an episode of the patient's care";
    }
  }
}
