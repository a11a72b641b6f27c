package org.carepath.server.audit;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.BalpConstants;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.Canonical;
import org.carepath.server.security.CarepathUser;
import org.carepath.server.security.CurrentUser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Carepath's side of HAPI's IHE BALP interceptor, and the audit events it does not make. As its
 * context: the user (their token's subject, the Practitioner they act as) and, with each event, the
 * organisation they act for and the purpose of use (treatment or emergency treatment) per patient;
 * patient and data references relative, so an AuditEvent is searchable by {@code patient}. As its
 * sink: every event goes to the {@link AuditWriter}. Of its own: denials (a patient's record out of
 * the caller's reach) and emergency access starting and ending.
 */
public class AuditTrail implements IBalpAuditContextServices, IBalpAuditEventSink {

  /** Carepath's identifier system for token subjects. */
  static final String USER_SYSTEM = Canonical.BASE + "/Id/user";

  /** Carepath's audit event subtypes beyond BALP's RESTful interactions. */
  static final String EVENT_SUBTYPE = Canonical.BASE + "/CodeSystem/audit-event";

  /** Carepath itself as an agent (as on its Provenance): the system and value of its identifier. */
  private static final String SOFTWARE = Canonical.BASE + "/Id/software";

  private static final String SOFTWARE_CAREPATH = "carepath";

  /** Identifies a bulk import job in the events of its request and of the records it wrote. */
  static final String IMPORT_JOB = Canonical.BASE + "/Id/bulk-import-job";

  private static final String DENIED = AuditTrail.class.getName() + ".denied";
  private static final String PENDING = AuditTrail.class.getName() + ".pending";
  private static final String INVOLVED = AuditTrail.class.getName() + ".involved";

  /** The request whose event HAPI is making, from its first call for the user to the sink. */
  private static final ThreadLocal<RequestDetails> MAKING = new ThreadLocal<>();

  private final AuditWriter writer;
  private final AuditContext context;
  private final Clock clock;

  AuditTrail(AuditWriter writer, AuditContext context, Clock clock) {
    this.writer = writer;
    this.context = context;
    this.clock = clock;
  }

  @Override
  public Reference getAgentClientWho(RequestDetails request) {
    return new Reference().setDisplay("Carepath client");
  }

  @Override
  public Reference getAgentUserWho(RequestDetails request) {
    MAKING.set(request);
    return AuditEvents.userReference(CurrentUser.get());
  }

  @Override
  public String massageResourceIdForStorage(
      RequestDetails request, IBaseResource resource, IIdType id) {
    return id.toUnqualifiedVersionless().getValue();
  }

  @Override
  public void recordAuditEvent(AuditEvent event) {
    RequestDetails request = MAKING.get();
    MAKING.remove();
    if (request != null && AuditEvents.patients(event).isEmpty()) {
      // BALP names a patient only for what R4's Patient compartment holds (not a Task): the
      // patients are added once the request has shown or written its records (completed).
      @SuppressWarnings("unchecked")
      List<AuditEvent> pending =
          (List<AuditEvent>)
              request.getUserData().computeIfAbsent(PENDING, key -> new ArrayList<AuditEvent>());
      pending.add(event);
      return;
    }
    enrich(event, request, CurrentUser.get());
    record(event);
  }

  /**
   * Records that the request shows or writes {@code what} ({@code Type/id}), part of these
   * patients' records: for the events BALP makes without a patient.
   */
  public void involves(RequestDetails request, String what, Set<String> patientIds) {
    if (request == null || patientIds.isEmpty()) {
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Set<String>> involved =
        (Map<String, Set<String>>)
            request.getUserData().computeIfAbsent(INVOLVED, key -> new LinkedHashMap<>());
    involved.computeIfAbsent(what, key -> new LinkedHashSet<>()).addAll(patientIds);
  }

  /**
   * After a request has completed normally (its writes committed): each event BALP made without a
   * patient becomes one per patient whose record it read or wrote — a read or write by the records
   * it names, a search or operation by every record it showed — as BALP's patient profiles; one
   * involving no patient's record is stored as it is.
   */
  void completed(RequestDetails request) {
    @SuppressWarnings("unchecked")
    List<AuditEvent> pending = (List<AuditEvent>) request.getUserData().remove(PENDING);
    if (pending == null) {
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Set<String>> involved =
        (Map<String, Set<String>>) request.getUserData().getOrDefault(INVOLVED, Map.of());
    Optional<CarepathUser> user = CurrentUser.get();
    for (AuditEvent event : pending) {
      Set<String> data = AuditEvents.dataReferences(event);
      Set<String> patientIds = new LinkedHashSet<>();
      involved.forEach(
          (what, ids) -> {
            if (data.isEmpty() || data.contains(what)) {
              patientIds.addAll(ids);
            }
          });
      if (patientIds.isEmpty()) {
        enrich(event, request, user);
        writer.record(event);
        continue;
      }
      for (String patientId : patientIds) {
        AuditEvent one = event.copy();
        AuditEvents.addPatient(one, patientId);
        one.getMeta()
            .getProfile()
            .forEach(
                profile ->
                    profile.setValue(
                        AuditEvents.PATIENT_PROFILES.getOrDefault(
                            profile.getValue(), profile.getValue())));
        enrich(one, request, user);
        writer.record(one);
      }
    }
  }

  /**
   * Queues the event once the write it is about has committed (its references then resolve; a write
   * rolled back is not audited as done), at once when there is no transaction.
   */
  private void record(AuditEvent event) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              writer.record(event);
            }
          });
    } else {
      writer.record(event);
    }
  }

  /**
   * Records that the caller was refused a patient's record (once per patient and request).
   *
   * @param what the resource refused, {@code Type/id}
   */
  public void denied(RequestDetails request, String patientId, String what, String reason) {
    denied(request, patientId, Optional.of(what), reason, AuditEvent.AuditEventAction.R);
  }

  /**
   * Records that the caller was refused a write to a patient's record (once per patient and
   * request).
   *
   * @param replaced the record an update would have changed, {@code Type/id}; empty for a create
   *     (what it would have created was never stored)
   */
  public void writeDenied(
      RequestDetails request, String patientId, Optional<String> replaced, String reason) {
    denied(
        request,
        patientId,
        replaced,
        reason,
        replaced.isPresent() ? AuditEvent.AuditEventAction.U : AuditEvent.AuditEventAction.C);
  }

  private void denied(
      RequestDetails request,
      String patientId,
      Optional<String> what,
      String reason,
      AuditEvent.AuditEventAction action) {
    @SuppressWarnings("unchecked")
    Set<String> done =
        (Set<String>) request.getUserData().computeIfAbsent(DENIED, key -> new HashSet<String>());
    if (!done.add(patientId)) {
      return;
    }
    AuditEvent event = common(request, "denied", "Access refused");
    event.setOutcome(AuditEvent.AuditEventOutcome._4);
    event.setOutcomeDesc(reason);
    event.setAction(action);
    what.ifPresent(resource -> AuditEvents.addData(event, resource));
    AuditEvents.addPatient(event, patientId);
    enrich(event, request, CurrentUser.get());
    // Nothing was written: queued at once (the refused request's transaction rolls back).
    writer.record(event);
  }

  /**
   * Records that the caller was shown who accessed a patient's record ({@code $access-report}): the
   * report is audit data about the patient, and reading it is itself an access.
   */
  public void accessReportShown(RequestDetails request, String patientId) {
    readOfAuditData(request, patientId, "access-report", "Access report shown");
  }

  /**
   * Records that an operation showed the caller a view of a patient's record ({@code
   * $shared-care-plan}, {@code $summary}): built from searches of the server's own, which BALP does
   * not see.
   *
   * @param code the event subtype (CodeSystem audit-event)
   */
  public void recordViewShown(
      RequestDetails request, String patientId, String code, String display) {
    readOfAuditData(request, patientId, code, display);
  }

  /**
   * Records a notification carrying part of a patient's record (a Subscription's, or a referral
   * message's response): sent to the organisations it is for, or withheld from them ({@code
   * withheld}: why).
   *
   * @param channel what carried it: {@code Subscription/<id>}, or the referral answered
   * @param what the record carried, {@code Type/id}
   */
  public void notification(
      String channel,
      Set<String> subscribers,
      String patientId,
      String what,
      Optional<String> withheld) {
    AuditEvent event =
        withheld.isPresent()
            ? common(null, "denied", "Access refused")
            : common(null, "notification-sent", "Notification sent");
    event.setAction(AuditEvent.AuditEventAction.R);
    event.setOutcome(
        withheld.isPresent() ? AuditEvent.AuditEventOutcome._4 : AuditEvent.AuditEventOutcome._0);
    withheld.ifPresent(event::setOutcomeDesc);
    for (String subscriber : subscribers) {
      event.addAgent().setRequestor(true).setWho(new Reference(subscriber));
    }
    AuditEvents.addData(event, channel);
    AuditEvents.addData(event, what);
    AuditEvents.addPatient(event, patientId);
    writer.record(event);
  }

  /**
   * Records that the caller was shown AuditEvents about these patients (a privacy officer's read or
   * search): who looked at the audit trail is itself in it.
   */
  void auditEventsShown(RequestDetails request, Set<String> patientIds) {
    patientIds.forEach(
        patientId ->
            readOfAuditData(request, patientId, "audit-events-shown", "AuditEvents shown"));
  }

  /** A successful read (subtype {@code code}) of audit data about the patient. */
  private void readOfAuditData(
      RequestDetails request, String patientId, String code, String display) {
    AuditEvent event = common(request, code, display);
    event.setAction(AuditEvent.AuditEventAction.R);
    event.setOutcome(AuditEvent.AuditEventOutcome._0);
    AuditEvents.addPatient(event, patientId);
    enrich(event, request, CurrentUser.get());
    record(event);
  }

  /** Records the start of an emergency access, with its reason. */
  public void emergencyAccessStarted(
      RequestDetails request, String patientId, String reasonCode, String reasonText) {
    AuditEvent event = common(request, "emergency-access-start", "Emergency access started");
    event.setAction(AuditEvent.AuditEventAction.E);
    event.setOutcome(AuditEvent.AuditEventOutcome._0);
    event.addPurposeOfEvent().addCoding(new Coding(AuditContext.SYSTEM, "ETREAT", null));
    event.getPurposeOfEventFirstRep().setText(reasonCode + ": " + reasonText);
    AuditEvents.addPatient(event, patientId);
    enrich(event, request, CurrentUser.get());
    record(event);
  }

  /** Records the end of an emergency access (by the server, when it expires). */
  public void emergencyAccessEnded(
      String patientId, String subject, Optional<String> organisationOdsCode) {
    AuditEvent event = common(null, "emergency-access-end", "Emergency access ended");
    event.setAction(AuditEvent.AuditEventAction.E);
    event.setOutcome(AuditEvent.AuditEventOutcome._0);
    event.addPurposeOfEvent().addCoding(new Coding(AuditContext.SYSTEM, "ETREAT", null));
    addRequestor(event, subject);
    organisationOdsCode.ifPresent(ods -> AuditEvents.addOrganisation(event, ods, Optional.empty()));
    AuditEvents.addPatient(event, patientId);
    record(event);
  }

  /**
   * Records that a patient's record went into a bulk export (by the export job, as the server, once
   * per patient and export): who asked, the organisation it was made for, and the request.
   *
   * @param exportRequest the {@code $export} request as the user sent it
   */
  public void exported(
      String subject,
      String organisationOdsCode,
      String organisation,
      String patientId,
      String exportRequest) {
    AuditEvent event = common(null, "bulk-export", "Record exported in bulk");
    event.setAction(AuditEvent.AuditEventAction.R);
    event.setOutcome(AuditEvent.AuditEventOutcome._0);
    event.addPurposeOfEvent().addCoding(new Coding(AuditContext.SYSTEM, "TREAT", null));
    addRequestor(event, subject);
    AuditEvents.addOrganisation(event, organisationOdsCode, Optional.of(organisation));
    AuditEvents.addSystemObject(event).setDescription(exportRequest);
    AuditEvents.addPatient(event, patientId);
    record(event);
  }

  /**
   * Records a bulk import the server accepted ({@code $import}, 202): who asked, for which
   * organisation, the files the job will fetch and the job that will store them.
   *
   * @param pollStatus where the job's progress is read ({@code $import-poll-status?_jobId=…})
   */
  public void importRequested(
      RequestDetails request, List<String> files, String pollStatus, Optional<String> job) {
    AuditEvent event = common(request, "bulk-import", "Bulk import requested");
    event.setAction(AuditEvent.AuditEventAction.C);
    event.setOutcome(AuditEvent.AuditEventOutcome._0);
    AuditEvent.AuditEventEntityComponent entity =
        AuditEvents.addSystemObject(event)
            .setName(pollStatus)
            .setDescription(String.join(" ", files));
    job.ifPresent(id -> entity.getWhat().setIdentifier(importJob(id)));
    enrich(event, request, CurrentUser.get());
    record(event);
  }

  /** The bulk import job (HAPI's job instance id), as both kinds of import event name it. */
  private static Identifier importJob(String id) {
    return new Identifier().setSystem(IMPORT_JOB).setValue(id);
  }

  /**
   * Records that a bulk import wrote part of a patient's record (by the import job, as the server,
   * once per patient and stored batch of the files), naming the job when known: the job's {@code
   * bulk-import} event names who asked for it.
   */
  public void imported(String patientId, Optional<String> job) {
    AuditEvent event = common(null, "bulk-import-record", "Record imported in bulk");
    event.setAction(AuditEvent.AuditEventAction.C);
    event.setOutcome(AuditEvent.AuditEventOutcome._0);
    event
        .addAgent()
        .setRequestor(false)
        .setWho(
            new Reference()
                .setIdentifier(new Identifier().setSystem(SOFTWARE).setValue(SOFTWARE_CAREPATH))
                .setDisplay("Carepath bulk import"));
    AuditEvents.addPatient(event, patientId);
    // The job whose request event names who asked for it and the files.
    job.ifPresent(
        id ->
            AuditEvents.addSystemObject(event)
                .setName("Bulk import job")
                .getWhat()
                .setIdentifier(importJob(id)));
    record(event);
  }

  /**
   * Records that a clinician accepted a CDS Hooks suggestion to enrol a patient in a pathway (in
   * their own system, which reported it): who, for which organisation, and what the enrolment came
   * to.
   *
   * @param outcome ENROLLED, ALREADY_ENROLLED or INELIGIBLE
   */
  public void suggestionAccepted(
      String subject,
      Optional<String> organisationOdsCode,
      String patientId,
      String pathway,
      String outcome) {
    AuditEvent event =
        common(null, "enrolment-suggestion-accepted", "Enrolment suggestion accepted");
    event.setAction(AuditEvent.AuditEventAction.C);
    event.setOutcome(AuditEvent.AuditEventOutcome._0);
    event.setOutcomeDesc("pathway " + pathway + ": " + outcome);
    event.addPurposeOfEvent().addCoding(new Coding(AuditContext.SYSTEM, "TREAT", null));
    addRequestor(event, subject);
    organisationOdsCode.ifPresent(ods -> AuditEvents.addOrganisation(event, ods, Optional.empty()));
    AuditEvents.addData(event, "PlanDefinition/" + pathway);
    AuditEvents.addPatient(event, patientId);
    record(event);
  }

  private AuditEvent common(RequestDetails request, String code, String display) {
    AuditEvent event = new AuditEvent();
    event
        .getType()
        .setSystem(BalpConstants.CS_AUDIT_EVENT_TYPE)
        .setCode("rest")
        .setDisplay("Restful Operation");
    event.addSubtype(new Coding(EVENT_SUBTYPE, code, display));
    event.setRecorded(Date.from(clock.instant()));
    event.getSource().getObserver().setDisplay("Carepath");
    if (request != null) {
      event
          .addEntity()
          .setType(
              new Coding(
                  "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType",
                  "XrequestId",
                  null))
          .getWhat()
          .getIdentifier()
          .setValue(request.getRequestId());
      if (request instanceof ServletRequestDetails servlet) {
        event
            .addAgent()
            .setRequestor(false)
            .setType(
                new org.hl7.fhir.r4.model.CodeableConcept(
                    new Coding("http://dicom.nema.org/resources/ontology/DCM", "110153", "Source")))
            .getNetwork()
            .setAddress(servlet.getServletRequest().getRemoteAddr())
            .setType(BalpConstants.AUDIT_EVENT_AGENT_NETWORK_TYPE_IP_ADDRESS);
      }
    }
    return event;
  }

  /** The user who asked, named by their token's subject (no request to read them from). */
  private static void addRequestor(AuditEvent event, String subject) {
    event
        .addAgent()
        .setRequestor(true)
        .setWho(
            new Reference()
                .setIdentifier(new Identifier().setSystem(USER_SYSTEM).setValue(subject)));
  }

  /** The user, purpose of use per patient and organisation, on an event HAPI or we made. */
  private void enrich(AuditEvent event, RequestDetails request, Optional<CarepathUser> user) {
    if (user.isEmpty()) {
      return;
    }
    if (event.getAgent().stream().noneMatch(AuditEvent.AuditEventAgentComponent::getRequestor)) {
      event.addAgent().setRequestor(true).setWho(AuditEvents.userReference(user));
    }
    event.getAgent().stream()
        .filter(AuditEvent.AuditEventAgentComponent::getRequestor)
        .forEach(
            agent ->
                user.get()
                    .roles()
                    .forEach(
                        role ->
                            agent
                                .addRole()
                                .addCoding(
                                    new Coding(
                                        Canonical.BASE + "/CodeSystem/care-role",
                                        role.code(),
                                        null))));
    Optional<String> organisation =
        request == null ? Optional.empty() : context.organisationFor(request);
    user.get()
        .organisationOdsCode()
        .ifPresent(ods -> AuditEvents.addOrganisation(event, ods, organisation));
    if (request != null && !event.hasPurposeOfEvent()) {
      AuditEvents.patients(event).stream()
          .findFirst()
          .flatMap(patient -> context.purposeFor(request, patient))
          .ifPresent(
              purpose ->
                  event
                      .addPurposeOfEvent()
                      .addCoding(new Coding(AuditContext.SYSTEM, purpose, null)));
    }
  }
}
