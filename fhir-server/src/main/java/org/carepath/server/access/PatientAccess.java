package org.carepath.server.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.access.Accessor;
import org.carepath.coordination.access.Duty;
import org.carepath.coordination.access.PatientAccessPolicy;
import org.carepath.coordination.access.PatientAccessPolicy.Decision;
import org.carepath.coordination.access.PatientStanding;
import org.carepath.coordination.access.RecordItem;
import org.carepath.coordination.access.Relationship.Standing;
import org.carepath.coordination.access.RelationshipKind;
import org.carepath.coordination.access.Sharing;
import org.carepath.coordination.access.SmallNumberPolicy;
import org.carepath.coordination.access.SmartScopes;
import org.carepath.coordination.access.SmartScopes.Permission;
import org.carepath.coordination.access.fhir.Objections;
import org.carepath.coordination.access.fhir.RecordPatients;
import org.carepath.coordination.access.fhir.RelationshipSources;
import org.carepath.coordination.access.fhir.SecurityLabels;
import org.carepath.server.audit.AuditContext;
import org.carepath.server.kpi.KpiReach;
import org.carepath.server.organisation.OrganisationTree;
import org.carepath.server.pathway.WorklistReach;
import org.carepath.server.risk.CohortMakers;
import org.carepath.server.security.Activity;
import org.carepath.server.security.CarepathUser;
import org.carepath.server.security.CurrentUser;
import org.carepath.server.security.RoleActivities;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The one patient-level access decision every interaction asks (HAPI's consent and storage hooks,
 * operations, worklists): who the caller is ({@link Accessor}, from their token and the
 * organisation tree), what holds between them and the patient ({@link PatientStanding}, from the
 * relationship table and their emergency accesses), and what {@link PatientAccessPolicy} decides.
 * Within a request each patient is looked up once.
 */
public class PatientAccess implements AuditContext, WorklistReach, KpiReach, CohortMakers {

  private static final String MEMO = PatientAccess.class.getName() + ".memo";

  static final String AUDIT_EVENTS =
      "AuditEvents are read by privacy officers; those caring for a patient see who accessed"
          + " their record with Patient/[id]/$access-report.";

  private final PatientAccessPolicy policy;
  private final RecordPatients recordPatients;
  private final RelationshipStore relationships;
  private final EmergencyAccessStore emergencies;
  private final ObjectionStore objections;
  private final OrganisationTree organisations;
  private final Clock clock;
  private final SmallNumberPolicy smallNumbers;
  private final RoleActivities activities;

  PatientAccess(
      PatientAccessPolicy policy,
      RecordPatients recordPatients,
      RelationshipStore relationships,
      EmergencyAccessStore emergencies,
      ObjectionStore objections,
      OrganisationTree organisations,
      Clock clock,
      SmallNumberPolicy smallNumbers,
      RoleActivities activities) {
    this.activities = activities;
    this.policy = policy;
    this.recordPatients = recordPatients;
    this.relationships = relationships;
    this.emergencies = emergencies;
    this.objections = objections;
    this.organisations = organisations;
    this.clock = clock;
    this.smallNumbers = smallNumbers;
  }

  /** What one request has looked up: its caller, and each patient's decision. */
  static final class Memo {
    final CarepathUser user;
    final Accessor accessor;
    final Optional<String> organisation;
    final SmartScopes scopes;
    final Map<String, PatientStanding> standings = new HashMap<>();
    final Map<String, Decision> reads = new HashMap<>();
    final Map<String, Decision> reports = new HashMap<>();

    /**
     * A crisis summary ({@code Patient/[id]/$summary}): read under its own rule, the only
     * patient-level read urgent care has.
     */
    final boolean crisisSummary;

    /**
     * Custodians' organisations by ODS code, as found (each lookup checks the organisation
     * snapshot's version in the database; an item of a search answer names one custodian of a few).
     * A code not found is looked up again: an organisation a transaction creates is found.
     */
    final Map<String, String> custodians = new HashMap<>();

    Memo(
        CarepathUser user,
        Accessor accessor,
        Optional<String> organisation,
        boolean crisisSummary) {
      this.user = user;
      this.crisisSummary = crisisSummary;
      this.accessor = accessor;
      this.organisation = organisation;
      this.scopes = SmartScopes.of(user.scopes(), user.launchPatient());
    }
  }

  @Override
  public Optional<String> purposeFor(RequestDetails request, String patientId) {
    return toReadPatient(request, patientId)
        .filter(Decision::allowed)
        .map(
            decision ->
                ((Decision.Allowed) decision).basis() == PatientAccessPolicy.Basis.EMERGENCY
                    ? "ETREAT"
                    : "TREAT");
  }

  @Override
  public Optional<String> organisationFor(RequestDetails request) {
    return memo(request).flatMap(memo -> memo.organisation);
  }

  /** A caller with no Carepath user (the server itself) counts all it asks for. */
  @Override
  public Set<String> within(RequestDetails request, Set<String> organisations) {
    return memo(request)
        .map(memo -> policy.toCount(memo.accessor, organisations))
        .orElse(organisations);
  }

  @Override
  public Optional<Set<String>> limit(RequestDetails request) {
    return memo(request).flatMap(memo -> policy.countLimit(memo.accessor));
  }

  /** The patients whose record {@code resource} is part of. */
  public Set<String> patientsOf(IBaseResource resource) {
    return recordPatients.of(resource);
  }

  private static boolean isAccessReport(RequestDetails request) {
    return AccessConsentService.ACCESS_REPORT.equals(request.getOperation());
  }

  /** Whether the caller receives aggregates with small numbers withheld (commissioners). */
  public boolean withholdsSmallNumbers(RequestDetails request) {
    return accessor(request).filter(smallNumbers::appliesTo).isPresent();
  }

  /** Whether the caller's duty is privacy office. */
  public boolean isPrivacyOfficer(RequestDetails request) {
    return accessor(request).filter(a -> a.duty() == Duty.PRIVACY_OFFICE).isPresent();
  }

  /** Whether resources of this type can be part of a patient's record. */
  public boolean isPatientLevel(String resourceType) {
    return recordPatients.isPatientLevel(resourceType);
  }

  /**
   * Why the caller never sees patient-level records in this request, if so (commissioners, content
   * authors, privacy officers; urgent care except for a crisis summary and the emergency access
   * that records why they need it — each still decided per patient).
   */
  public Optional<String> whyNoPatientRecords(RequestDetails request) {
    return memo(request)
        .flatMap(
            memo ->
                memo.accessor.duty() == Duty.URGENT_CARE
                        && (memo.crisisSummary || isEmergencyAccess(request))
                    ? Optional.empty()
                    : policy.whyNoPatientRecords(memo.accessor));
  }

  private static boolean isEmergencyAccess(RequestDetails request) {
    return request != null
        && "Patient".equals(request.getResourceName())
        && EMERGENCY_ACCESS.equals(request.getOperation());
  }

  static final String EMERGENCY_ACCESS = "$emergency-access";

  /** The caller's accessor, if the request has a Carepath user. */
  @Override
  public Optional<Accessor> accessor(RequestDetails request) {
    return memo(request).map(memo -> memo.accessor);
  }

  /**
   * Whether the caller may see {@code resource}: empty when it is nobody's record; otherwise the
   * decision for its patients (denied if any one of them is denied).
   */
  public Optional<Decision> toRead(RequestDetails request, IBaseResource resource) {
    Set<String> patients = recordPatients.of(resource);
    Optional<Memo> memo = memo(request);
    if (patients.isEmpty() || memo.isEmpty()) {
      return Optional.empty();
    }
    boolean audit = "AuditEvent".equals(resource.fhirType());
    if (audit && !isPrivacyOfficer(request) && !isAccessReport(request)) {
      return Optional.of(new Decision.Denied(AUDIT_EVENTS));
    }
    RecordItem item = audit ? null : item(resource, memo);
    Decision decision = null;
    for (String patient : patients) {
      decision = audit ? accessReport(memo.get(), patient) : readItem(memo.get(), patient, item);
      if (!decision.allowed()) {
        return Optional.of(decision);
      }
    }
    return Optional.of(decision);
  }

  /**
   * What access needs of one item: its custodian and sharing class (labels the server keeps; an
   * unreadable class counts as sealed), the organisations it names, and whether an objection leaves
   * it visible.
   */
  private RecordItem item(IBaseResource resource, Optional<Memo> memo) {
    SecurityLabels.Labels labels = SecurityLabels.of(resource);
    Set<String> involves = new HashSet<>();
    RelationshipSources.of(resource).stream()
        .filter(r -> r.standing() == Standing.CURRENT)
        .forEach(r -> involves.add(r.organisation()));
    return new RecordItem(
        labels.custodianOds().flatMap(ods -> custodian(ods, memo)),
        labels.sharing().orElse(Sharing.SEALED),
        involves,
        "Patient".equals(resource.fhirType()) || Objections.isObjection(resource));
  }

  private Optional<String> custodian(String odsCode, Optional<Memo> memo) {
    String known = memo.map(m -> m.custodians.get(odsCode)).orElse(null);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<String> found = organisations.byOdsCode(odsCode);
    found.ifPresent(organisation -> memo.ifPresent(m -> m.custodians.put(odsCode, organisation)));
    return found;
  }

  private Decision readItem(Memo memo, String patient, RecordItem item) {
    return memo.crisisSummary
        ? policy.toReadCrisisSummaryItem(memo.accessor, standing(memo, patient), item)
        : policy.toReadItem(memo.accessor, standing(memo, patient), item);
  }

  /** Whether the caller may have the server analyse patient {@code patientId}'s whole record. */
  public Optional<Decision> toAnalysePatient(RequestDetails request, String patientId) {
    return memo(request)
        .map(memo -> policy.toAnalyseRecord(memo.accessor, standing(memo, patientId)));
  }

  /**
   * Why the token's SMART scopes do not allow {@code permission} on {@code type} at all (a request
   * refused before it runs), or empty.
   */
  public Optional<String> whyScopesRefuse(
      RequestDetails request, String type, Permission permission) {
    return memo(request).flatMap(memo -> memo.scopes.whyNotType(type, permission));
  }

  /** What carries an answer rather than being data: scopes judge what is inside. */
  private static final Set<String> RESPONSE_CONTAINERS =
      Set.of("Bundle", "Parameters", "OperationOutcome");

  /**
   * Why the token's SMART scopes keep {@code resource} from the caller (neither read nor search on
   * its type, or outside the launch patient's record), or empty.
   */
  public Optional<String> whyScopesHide(RequestDetails request, IBaseResource resource) {
    Optional<Memo> memo = memo(request);
    if (memo.isEmpty()
        || !memo.get().scopes.narrows()
        || RESPONSE_CONTAINERS.contains(resource.fhirType())) {
      return Optional.empty();
    }
    Set<String> patients = recordPatients.of(resource);
    Optional<String> read =
        memo.get().scopes.whyNot(resource.fhirType(), Permission.READ, patients);
    return read.isEmpty()
        ? read
        : memo.get().scopes.whyNot(resource.fhirType(), Permission.SEARCH, patients);
  }

  /** Whether the caller may read the record of patient {@code patientId}. */
  public Optional<Decision> toReadPatient(RequestDetails request, String patientId) {
    return memo(request).map(memo -> read(memo, patientId));
  }

  /**
   * Whether the caller may read the record {@code resource} is part of, but not this item of it (a
   * sealed or organisation-private item, or one the patient's objection hides): then even its
   * existence is not theirs to learn.
   */
  public boolean hidesItem(RequestDetails request, IBaseResource resource) {
    Set<String> patients = recordPatients.of(resource);
    return !patients.isEmpty()
        && patients.stream()
            .allMatch(p -> toReadPatient(request, p).map(Decision::allowed).orElse(false))
        && toRead(request, resource).filter(d -> !d.allowed()).isPresent();
  }

  /**
   * Whether organisation {@code organisation} ({@code Organization/<id>}) itself — a subscriber,
   * when a notification is delivered — may see {@code resource}: as its staff caring for the
   * patient would, without emergency access; denied if any of its patients is denied, empty when it
   * is nobody's record.
   */
  public Optional<Decision> toReadAsOrganisation(String organisation, IBaseResource resource) {
    return asOrganisation(organisation).toRead(resource);
  }

  /**
   * Organisation {@code organisation} ({@code Organization/<id>}) reading many resources — an
   * export made for it: as {@link #toReadAsOrganisation}, each patient's standing looked up once
   * for the view's life (a snapshot: use one view for one export, not for ever).
   */
  public OrganisationView asOrganisation(String organisation) {
    return new OrganisationView(
        new Accessor(
            Duty.DIRECT_CARE,
            Optional.of(organisation),
            organisations.organisationAndParts(organisation)));
  }

  /** An organisation's reading of resources, remembering each patient's standing. */
  public final class OrganisationView {
    private final Accessor accessor;
    private final Map<String, PatientStanding> standings =
        new java.util.concurrent.ConcurrentHashMap<>();

    private OrganisationView(Accessor accessor) {
      this.accessor = accessor;
    }

    /** Whether the organisation may see {@code resource}; empty when it is nobody's record. */
    public Optional<Decision> toRead(IBaseResource resource) {
      Set<String> patients = recordPatients.of(resource);
      if (patients.isEmpty()) {
        return Optional.empty();
      }
      RecordItem item = item(resource, Optional.empty());
      Decision decision = null;
      for (String patient : patients) {
        PatientStanding standing =
            standings.computeIfAbsent(patient, id -> lookUp(accessor, Optional.empty(), id));
        decision = policy.toReadItem(accessor, standing, item);
        if (!decision.allowed()) {
          return Optional.of(decision);
        }
      }
      return Optional.of(decision);
    }
  }

  /** Whether the caller may see who accessed patient {@code patientId}'s record. */
  public Optional<Decision> toReadAccessReport(RequestDetails request, String patientId) {
    return memo(request).map(memo -> accessReport(memo, patientId));
  }

  private Decision accessReport(Memo memo, String patient) {
    return memo.reports.computeIfAbsent(
        patient, id -> policy.toReadAccessReport(memo.accessor, standing(memo, id)));
  }

  private Decision read(Memo memo, String patient) {
    return memo.reads.computeIfAbsent(patient, id -> decide(memo, id));
  }

  private Decision decide(Memo memo, String patient) {
    return memo.crisisSummary
        ? policy.toReadCrisisSummary(memo.accessor, standing(memo, patient))
        : policy.toRead(memo.accessor, standing(memo, patient));
  }

  private PatientStanding standing(Memo memo, String patient) {
    return memo.standings.computeIfAbsent(patient, id -> lookUp(memo, id));
  }

  private PatientStanding lookUp(Memo memo, String patient) {
    return lookUp(memo.accessor, Optional.of(memo.user.subject()), patient);
  }

  private PatientStanding lookUp(Accessor accessor, Optional<String> subject, String patient) {
    return lookUp(accessor, subject, Set.of(patient)).get(patient);
  }

  /**
   * Each patient's standing with the accessor, in three queries however many patients: live
   * relationships; emergency access for those without one; objections for those with either.
   *
   * @param subject the user's token subject, whose emergency accesses count (empty for an
   *     organisation itself)
   */
  private Map<String, PatientStanding> lookUp(
      Accessor accessor, Optional<String> subject, Set<String> patients) {
    Instant now = clock.instant();
    Map<String, Set<RelationshipKind>> kinds =
        relationships.liveKinds(patients, accessor.actsFor(), now);
    Set<String> without = new HashSet<>(patients);
    without.removeAll(kinds.keySet());
    Set<String> emergency =
        subject.map(user -> emergencies.liveFor(user, without, now)).orElse(Set.of());
    Set<String> reached = new HashSet<>(kinds.keySet());
    reached.addAll(emergency);
    Set<String> objecting = objections.objecting(reached, now);
    Map<String, PatientStanding> standings = new HashMap<>();
    for (String patient : patients) {
      standings.put(
          patient,
          new PatientStanding(
              kinds.getOrDefault(patient, Set.of()),
              emergency.contains(patient),
              objecting.contains(patient)));
    }
    return standings;
  }

  /**
   * Looks up at once the standing of every patient whose record one of {@code resources} is part of
   * (a search page, a response's resources), so that each one's check after reads the request's
   * memo instead of the database.
   */
  public void prefetch(RequestDetails request, Collection<? extends IBaseResource> resources) {
    Optional<Memo> found = memo(request);
    if (found.isEmpty() || resources.size() < 2) {
      return;
    }
    Memo memo = found.get();
    Set<String> patients = new HashSet<>();
    for (IBaseResource resource : resources) {
      if (resource != null) {
        recordPatients.of(resource).stream()
            .filter(patient -> !memo.standings.containsKey(patient))
            .forEach(patients::add);
      }
    }
    if (patients.size() > 1) {
      memo.standings.putAll(lookUp(memo.accessor, Optional.of(memo.user.subject()), patients));
    }
  }

  /** Forgets the request's decisions (after its caller's access changed). */
  void forget(RequestDetails request) {
    memo(request)
        .ifPresent(
            memo -> {
              memo.standings.clear();
              memo.reads.clear();
              memo.reports.clear();
            });
  }

  /** The caller and what this request has looked up, if the request has a Carepath user. */
  Optional<Memo> memo(RequestDetails request) {
    if (request != null && request.getUserData().get(MEMO) instanceof Memo memo) {
      return Optional.of(memo);
    }
    Optional<Memo> memo = CurrentUser.get().map(user -> memoFor(user, isCrisisSummary(request)));
    if (request != null) {
      memo.ifPresent(m -> request.getUserData().put(MEMO, m));
    }
    return memo;
  }

  /** Whether the request reads a patient's crisis summary ({@code Patient/[id]/$summary}). */
  private static boolean isCrisisSummary(RequestDetails request) {
    return request != null
        && "Patient".equals(request.getResourceName())
        && CRISIS_SUMMARY.equals(request.getOperation());
  }

  static final String CRISIS_SUMMARY = "$summary";

  /** Whether the caller works in urgent care (crisis summaries only). */
  public boolean isUrgentCare(RequestDetails request) {
    return accessor(request).filter(a -> a.duty() == Duty.URGENT_CARE).isPresent();
  }

  private Memo memoFor(CarepathUser user, boolean crisisSummary) {
    Optional<String> organisation = user.organisationOdsCode().flatMap(organisations::byOdsCode);
    Set<String> actsFor = organisation.map(organisations::organisationAndParts).orElse(Set.of());
    return new Memo(
        user,
        new Accessor(dutyOf(activities.of(user)), organisation, actsFor),
        organisation,
        crisisSummary);
  }

  /**
   * Direct care if the user's activities include it; else urgent care; else commissioning; else
   * access reports (privacy office); else content authoring (reaching no patient).
   */
  static Duty dutyOf(Set<Activity> activities) {
    if (activities.contains(Activity.DIRECT_CARE)) {
      return Duty.DIRECT_CARE;
    }
    if (activities.contains(Activity.URGENT_CARE)) {
      return Duty.URGENT_CARE;
    }
    if (activities.contains(Activity.COMMISSIONING)) {
      return Duty.COMMISSIONING;
    }
    return activities.contains(Activity.ACCESS_REPORTS)
        ? Duty.PRIVACY_OFFICE
        : Duty.CONTENT_AUTHORING;
  }
}
