package org.carepath.server.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.access.Accessor;
import org.carepath.coordination.access.PatientAccessPolicy;
import org.carepath.coordination.access.PatientAccessPolicy.Decision;
import org.carepath.coordination.access.PatientStanding;
import org.carepath.coordination.access.Relationship;
import org.carepath.coordination.access.Relationship.Standing;
import org.carepath.coordination.access.RelationshipKind;
import org.carepath.coordination.access.SmartScopes.Permission;
import org.carepath.coordination.access.fhir.RelationshipSources;
import org.carepath.server.audit.AuditEvents;
import org.carepath.server.audit.AuditTrail;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The write half of the patient-level access decision ({@link PatientAccess} is the read half,
 * whose caller and per-request lookups it shares): whether the caller may store what a request
 * writes, judged against the relationships as they stood before the request.
 */
class WriteAccess {

  /** A resolved patient id (not a conditional reference HAPI has yet to resolve). */
  private static final String LOGICAL_ID = "[A-Za-z0-9.-]{1,64}";

  static final String NEW_PATIENT =
      "A new patient is registered at the user's own practice (or a practice of their PCN):"
          + " set Patient.generalPractitioner to it.";

  private final PatientAccess access;
  private final PatientAccessPolicy policy;
  private final RelationshipStore relationships;
  private final EmergencyAccessStore emergencies;
  private final ConditionalReferences references;
  private final Clock clock;
  private final AuditTrail audit;

  WriteAccess(
      PatientAccess access,
      PatientAccessPolicy policy,
      RelationshipStore relationships,
      EmergencyAccessStore emergencies,
      ConditionalReferences references,
      Clock clock,
      AuditTrail audit) {
    this.audit = audit;
    this.access = access;
    this.policy = policy;
    this.relationships = relationships;
    this.emergencies = emergencies;
    this.references = references;
    this.clock = clock;
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
  record Write(IBaseResource previous, IBaseResource resource) {
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
  Optional<Refusal> whyNotWrite(
      RequestDetails request, List<Write> writes, TransactionDetails transaction) {
    Optional<PatientAccess.Memo> memo = access.memo(request);
    if (memo.isEmpty() || writes.isEmpty()) {
      return Optional.empty();
    }
    return whyNotWrite(request, memo.get(), resolved(writes, transaction));
  }

  private Optional<Refusal> whyNotWrite(
      RequestDetails request, PatientAccess.Memo memo, List<Write> resolved) {
    return reason(request, memo, resolved).map(reason -> new Refusal(reason, concerned(resolved)));
  }

  /** The writes with the targets of a transaction's conditional references, as HAPI stores them. */
  private List<Write> resolved(List<Write> writes, TransactionDetails transaction) {
    return writes.stream()
        .map(w -> new Write(w.previous(), references.resolved(w.resource(), transaction)))
        .toList();
  }

  /**
   * Why the caller may not store what the request writes, audited as a refusal; or empty — and then
   * whose records it writes are noted for its audit events (a Task's patient).
   */
  Optional<String> refused(
      RequestDetails request, List<Write> writes, TransactionDetails transaction) {
    Optional<PatientAccess.Memo> memo = access.memo(request);
    if (memo.isEmpty() || writes.isEmpty()) {
      return Optional.empty();
    }
    List<Write> resolved = resolved(writes, transaction);
    Optional<Refusal> refusal = whyNotWrite(request, memo.get(), resolved);
    if (refusal.isPresent()) {
      audit(request, refusal.get());
    } else {
      for (Write write : resolved) {
        Set<String> patients = new HashSet<>(access.patientsOf(write.resource()));
        patients.removeIf(patient -> !patient.matches(LOGICAL_ID));
        audit.involves(request, write.source(), patients);
      }
    }
    return refusal.map(Refusal::reason);
  }

  /**
   * Why the caller may not update or patch {@code previous} (a version they may not see), audited
   * as a refusal: not known (404) when it is an item of a record they may read, hidden from them;
   * else forbidden (403) with the reason. Empty when they may.
   */
  Optional<BaseServerResponseException> whyNotReplace(
      RequestDetails request, IBaseResource previous) {
    Optional<Decision> decision = access.toRead(request, previous);
    if (decision.isEmpty() || decision.get().allowed()) {
      return Optional.empty();
    }
    String replaced = previous.fhirType() + "/" + previous.getIdElement().getIdPart();
    Map<String, Optional<String>> patients = new LinkedHashMap<>();
    access.patientsOf(previous).forEach(patient -> patients.put(patient, Optional.of(replaced)));
    audit(request, new Refusal(decision.get().reason(), patients));
    return Optional.of(
        access.hidesItem(request, previous)
            ? new ResourceNotFoundException(notKnown(previous))
            : new ForbiddenOperationException(decision.get().reason()));
  }

  /** Audits a refused write once per patient it concerns. */
  void audit(RequestDetails request, Refusal refusal) {
    refusal
        .patients()
        .forEach(
            (patient, replaced) -> audit.writeDenied(request, patient, replaced, refusal.reason()));
  }

  /**
   * A refused write: why, and the patients the server holds whose records it would have changed,
   * each with the record the write would have replaced ({@code Type/id}; empty for a create).
   */
  record Refusal(String reason, Map<String, Optional<String>> patients) {}

  private Map<String, Optional<String>> concerned(List<Write> writes) {
    Set<String> createdHere = new HashSet<>();
    writes.stream().filter(w -> w.previous() == null).forEach(w -> createdHere.add(w.source()));
    Map<String, Optional<String>> concerned = new LinkedHashMap<>();
    for (Write write : writes) {
      Optional<String> replaced =
          write.previous() == null || createdHere.contains(write.source())
              ? Optional.empty()
              : Optional.of(write.source());
      for (String patient : access.patientsOf(write.resource())) {
        // Not a patient this request registers, nor a reference HAPI has not resolved.
        if (!createdHere.contains("Patient/" + patient) && patient.matches(LOGICAL_ID)) {
          concerned.merge(patient, replaced, (a, b) -> a.isPresent() ? a : b);
        }
      }
    }
    return concerned;
  }

  private Optional<String> reason(
      RequestDetails request, PatientAccess.Memo memo, List<Write> writes) {
    Accessor accessor = memo.accessor;
    for (Write write : writes) {
      if (references.hasConditional(write.resource(), "Patient")) {
        return Optional.of(
            "A reference to a patient did not resolve to exactly one patient the server holds.");
      }
    }
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
    // Each patient's stored relationships, looked up once for all the request's writes.
    Map<String, Set<RelationshipKind>> stored = new HashMap<>();
    for (Write write : writes) {
      if ("AuditEvent".equals(write.resource().fhirType())) {
        return Optional.of(AuditEvents.APPEND_ONLY);
      }
      Optional<String> scopes =
          memo.scopes.whyNot(
              write.resource().fhirType(),
              write.previous() == null ? Permission.CREATE : Permission.UPDATE,
              access.patientsOf(write.resource()));
      if (scopes.isPresent()) {
        return scopes;
      }
      // What the caller may not see, they may not change (a sealed item of another organisation);
      // HAPI's updates of what this request has just created are the request's own.
      if (write.previous() != null && !createdHere.contains(write.source())) {
        Optional<Decision> previous = access.toRead(request, write.previous());
        if (previous.isPresent() && !previous.get().allowed()) {
          return Optional.of(
              access.hidesItem(request, write.previous())
                  ? notKnown(write.previous())
                  : previous.get().reason());
        }
      }
      Set<String> patients = access.patientsOf(write.resource());
      if (write.previous() != null && !access.patientsOf(write.previous()).equals(patients)) {
        return Optional.of("A record cannot be moved to another patient's record.");
      }
      for (String patient : patients) {
        Set<RelationshipKind> kinds =
            EnumSet.copyOf(
                stored.computeIfAbsent(
                    patient,
                    id -> {
                      Set<RelationshipKind> live = EnumSet.noneOf(RelationshipKind.class);
                      live.addAll(relationships.liveKinds(id, accessor.actsFor(), sources, now));
                      return live;
                    }));
        kinds.addAll(kindsWith(accessor, counted, patient));
        boolean emergency =
            kinds.isEmpty() && emergencies.liveUntil(memo.user.subject(), patient, now).isPresent();
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
}
