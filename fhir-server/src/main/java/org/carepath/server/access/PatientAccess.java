package org.carepath.server.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.access.Accessor;
import org.carepath.coordination.access.Duty;
import org.carepath.coordination.access.PatientAccessPolicy;
import org.carepath.coordination.access.PatientAccessPolicy.Decision;
import org.carepath.coordination.access.PatientStanding;
import org.carepath.coordination.access.RecordItem;
import org.carepath.coordination.access.Relationship;
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
import org.carepath.server.organisation.OrganisationTree;
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
public class PatientAccess implements AuditContext {

  private static final String MEMO = PatientAccess.class.getName() + ".memo";

  static final String AUDIT_EVENTS =
      "AuditEvents are read by privacy officers; those caring for a patient see who accessed"
          + " their record with Patient/[id]/$access-report.";

  static final String NEW_PATIENT =
      "A new patient is registered at the user's own practice (or a practice of their PCN):"
          + " set Patient.generalPractitioner to it.";

  private final PatientAccessPolicy policy;
  private final RecordPatients recordPatients;
  private final RelationshipStore relationships;
  private final EmergencyAccessStore emergencies;
  private final ObjectionStore objections;
  private final OrganisationTree organisations;
  private final Clock clock;
  private final ConditionalReferences references;
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
      ConditionalReferences references,
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
    this.references = references;
    this.smallNumbers = smallNumbers;
  }

  /** What one request has looked up: its caller, and each patient's decision. */
  private static final class Memo {
    final CarepathUser user;
    final Accessor accessor;
    final Optional<String> organisation;
    final SmartScopes scopes;
    final Map<String, PatientStanding> standings = new HashMap<>();
    final Map<String, Decision> reads = new HashMap<>();
    final Map<String, Decision> reports = new HashMap<>();

    Memo(CarepathUser user, Accessor accessor, Optional<String> organisation) {
      this.user = user;
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

  /** The organisation ({@code Organization/<id>}) with this ODS code, if Carepath knows it. */
  Optional<String> organisationByOds(String odsCode) {
    return organisations.byOdsCode(odsCode);
  }

  /** Whether resources of this type can be part of a patient's record. */
  public boolean isPatientLevel(String resourceType) {
    return recordPatients.isPatientLevel(resourceType);
  }

  /** Why the caller never sees patient-level records, if so (commissioners, content authors). */
  public Optional<String> whyNoPatientRecords(RequestDetails request) {
    return accessor(request).flatMap(policy::whyNoPatientRecords);
  }

  /** The caller's accessor, if the request has a Carepath user. */
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
    RecordItem item = audit ? null : item(resource);
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
  RecordItem item(IBaseResource resource) {
    SecurityLabels.Labels labels = SecurityLabels.of(resource);
    Set<String> involves = new HashSet<>();
    RelationshipSources.of(resource).stream()
        .filter(r -> r.standing() == Standing.CURRENT)
        .forEach(r -> involves.add(r.organisation()));
    return new RecordItem(
        labels.custodianOds().flatMap(organisations::byOdsCode),
        labels.sharing().orElse(Sharing.SEALED),
        involves,
        "Patient".equals(resource.fhirType()) || Objections.isObjection(resource));
  }

  private Decision readItem(Memo memo, String patient, RecordItem item) {
    return policy.toReadItem(memo.accessor, standing(memo, patient), item);
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

  /** What a write of a hidden item is told: as if it did not exist. */
  static String notKnown(IBaseResource resource) {
    return "Resource "
        + resource.fhirType()
        + "/"
        + resource.getIdElement().getIdPart()
        + " is not known";
  }

  /** One version a request stores, and the version it replaces (null when new). */
  public record Write(IBaseResource previous, IBaseResource resource) {
    String source() {
      return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }

    boolean newRegistration() {
      return previous == null && "Patient".equals(resource.fhirType());
    }
  }

  /**
   * Why the caller may not store what one request writes (a single write, or every entry of a
   * transaction), or empty when they may. A record stays in its patient's record, and the caller
   * needs access to each patient as it stood before this request: relationships the request's own
   * records make do not count (adding one's own organisation to a care team, in one entry or two),
   * except a new patient's registration at the user's own practice; the versions the request
   * replaces still count.
   */
  public Optional<String> whyNotWrite(
      RequestDetails request, List<Write> writes, TransactionDetails transaction) {
    Optional<Memo> memo = memo(request);
    if (memo.isEmpty() || writes.isEmpty()) {
      return Optional.empty();
    }
    Accessor accessor = memo.get().accessor;
    // The targets of a transaction's conditional references, as HAPI stores them.
    List<Write> resolved = new ArrayList<>();
    for (Write write : writes) {
      IBaseResource resource = references.resolved(write.resource(), transaction);
      if (references.hasConditional(resource, "Patient")) {
        return Optional.of(
            "A reference to a patient did not resolve to exactly one patient the server holds.");
      }
      resolved.add(new Write(write.previous(), resource));
    }
    writes = resolved;
    Set<String> sources = new HashSet<>();
    List<Relationship> counted = new ArrayList<>();
    for (Write write : writes) {
      sources.add(write.source());
      if (write.previous() != null) {
        counted.addAll(RelationshipSources.of(write.previous()));
      }
    }
    // A practice registers its own new patients; that registration counts for the rest.
    for (Write write : writes) {
      if (write.newRegistration()) {
        List<Relationship> registration = RelationshipSources.of(write.resource());
        String patient = write.resource().getIdElement().getIdPart();
        Decision decision =
            policy.toWrite(
                accessor, new PatientStanding(kindsWith(accessor, registration, patient), false));
        if (!decision.allowed()) {
          return Optional.of(
              policy.whyNoPatientRecords(accessor).isEmpty() ? NEW_PATIENT : decision.reason());
        }
        counted.addAll(registration);
      }
    }
    Set<String> createdHere = new HashSet<>();
    writes.stream().filter(w -> w.previous() == null).forEach(w -> createdHere.add(w.source()));
    Instant now = clock.instant();
    for (Write write : writes) {
      if ("AuditEvent".equals(write.resource().fhirType())) {
        return Optional.of("AuditEvents are append-only: only the server writes them.");
      }
      Optional<String> scopes =
          memo.get()
              .scopes
              .whyNot(
                  write.resource().fhirType(),
                  write.previous() == null ? Permission.CREATE : Permission.UPDATE,
                  recordPatients.of(write.resource()));
      if (scopes.isPresent()) {
        return scopes;
      }
      // What the caller may not see, they may not change (a sealed item of another organisation);
      // HAPI's updates of what this request has just created are the request's own.
      if (write.previous() != null && !createdHere.contains(write.source())) {
        Optional<Decision> previous = toRead(request, write.previous());
        if (previous.isPresent() && !previous.get().allowed()) {
          return Optional.of(
              hidesItem(request, write.previous())
                  ? notKnown(write.previous())
                  : previous.get().reason());
        }
      }
      Set<String> patients = recordPatients.of(write.resource());
      if (write.previous() != null && !recordPatients.of(write.previous()).equals(patients)) {
        return Optional.of("A record cannot be moved to another patient's record.");
      }
      for (String patient : patients) {
        Set<RelationshipKind> kinds =
            relationships.liveKinds(patient, accessor.actsFor(), sources, now);
        kinds.addAll(kindsWith(accessor, counted, patient));
        boolean emergency =
            kinds.isEmpty()
                && emergencies.liveUntil(memo.get().user.subject(), patient, now).isPresent();
        Decision decision = policy.toWrite(accessor, new PatientStanding(kinds, emergency));
        if (!decision.allowed()) {
          return Optional.of(decision.reason());
        }
      }
    }
    return Optional.empty();
  }

  /** The kinds of current relationship {@code relationships} give the accessor with the patient. */
  private static Set<RelationshipKind> kindsWith(
      Accessor accessor, List<Relationship> relationships, String patient) {
    Set<RelationshipKind> kinds = EnumSet.noneOf(RelationshipKind.class);
    relationships.stream()
        .filter(r -> r.patientId().equals(patient) && r.standing() == Standing.CURRENT)
        .filter(r -> accessor.actsFor().contains(r.organisation()))
        .forEach(r -> kinds.add(r.kind()));
    return kinds;
  }

  /**
   * Whether organisation {@code organisation} ({@code Organization/<id>}) itself — a subscriber,
   * when a notification is delivered — may see {@code resource}: as its staff caring for the
   * patient would, without emergency access; denied if any of its patients is denied, empty when it
   * is nobody's record.
   */
  public Optional<Decision> toReadAsOrganisation(String organisation, IBaseResource resource) {
    Set<String> patients = recordPatients.of(resource);
    if (patients.isEmpty()) {
      return Optional.empty();
    }
    Accessor accessor =
        new Accessor(
            Duty.DIRECT_CARE,
            Optional.of(organisation),
            organisations.organisationAndParts(organisation));
    RecordItem item = item(resource);
    Decision decision = null;
    for (String patient : patients) {
      decision = policy.toReadItem(accessor, lookUp(accessor, Optional.empty(), patient), item);
      if (!decision.allowed()) {
        return Optional.of(decision);
      }
    }
    return Optional.of(decision);
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
    return policy.toRead(memo.accessor, standing(memo, patient));
  }

  private PatientStanding standing(Memo memo, String patient) {
    return memo.standings.computeIfAbsent(patient, id -> lookUp(memo, id));
  }

  private PatientStanding lookUp(Memo memo, String patient) {
    return lookUp(memo.accessor, Optional.of(memo.user.subject()), patient);
  }

  /**
   * @param subject the user's token subject, whose emergency accesses count (empty for an
   *     organisation itself)
   */
  private PatientStanding lookUp(Accessor accessor, Optional<String> subject, String patient) {
    Instant now = clock.instant();
    Set<RelationshipKind> kinds =
        relationships.liveKinds(patient, accessor.actsFor(), Set.of(), now);
    boolean emergency =
        kinds.isEmpty()
            && subject.flatMap(user -> emergencies.liveUntil(user, patient, now)).isPresent();
    boolean objection = (!kinds.isEmpty() || emergency) && objections.objects(patient, now);
    return new PatientStanding(kinds, emergency, objection);
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

  private Optional<Memo> memo(RequestDetails request) {
    if (request != null && request.getUserData().get(MEMO) instanceof Memo memo) {
      return Optional.of(memo);
    }
    Optional<Memo> memo = CurrentUser.get().map(this::memoFor);
    if (request != null) {
      memo.ifPresent(m -> request.getUserData().put(MEMO, m));
    }
    return memo;
  }

  private Memo memoFor(CarepathUser user) {
    Optional<String> organisation = user.organisationOdsCode().flatMap(organisations::byOdsCode);
    Set<String> actsFor = organisation.map(organisations::organisationAndParts).orElse(Set.of());
    return new Memo(
        user, new Accessor(dutyOf(activities.of(user)), organisation, actsFor), organisation);
  }

  /**
   * Direct care if the user's activities include it; else commissioning; else access reports
   * (privacy office); else content authoring (reaching no patient).
   */
  static Duty dutyOf(Set<Activity> activities) {
    if (activities.contains(Activity.DIRECT_CARE)) {
      return Duty.DIRECT_CARE;
    }
    if (activities.contains(Activity.COMMISSIONING)) {
      return Duty.COMMISSIONING;
    }
    return activities.contains(Activity.ACCESS_REPORTS)
        ? Duty.PRIVACY_OFFICE
        : Duty.CONTENT_AUTHORING;
  }
}
