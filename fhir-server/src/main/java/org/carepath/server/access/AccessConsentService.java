package org.carepath.server.access;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOperationStatusEnum;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import java.util.Optional;
import org.carepath.coordination.access.PatientAccessPolicy.Decision;
import org.carepath.coordination.access.SmartScopes;
import org.carepath.server.audit.AuditTrail;
import org.carepath.server.fhir.OperationOutcomes;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's consent hooks asking {@link PatientAccess}: {@code canSeeResource} removes a record the
 * caller may not see before paging (reads answer 404, searches, includes and history leave it out,
 * pages stay full and totals are cleared); {@code willSeeResource} checks every resource in a
 * response, operation results included. A request by a caller who never sees patient-level records
 * (commissioners, content authors) for a patient-level type is refused before it runs. Only
 * translates.
 */
class AccessConsentService implements IConsentService {

  static final String ACCESS_REPORT = "$access-report";

  private static final java.util.Set<RestOperationTypeEnum> WRITES =
      java.util.EnumSet.of(
          RestOperationTypeEnum.CREATE,
          RestOperationTypeEnum.UPDATE,
          RestOperationTypeEnum.PATCH,
          RestOperationTypeEnum.DELETE,
          RestOperationTypeEnum.TRANSACTION,
          RestOperationTypeEnum.BATCH);

  private final PatientAccess access;
  private final AuditTrail audit;

  AccessConsentService(PatientAccess access, AuditTrail audit) {
    this.access = access;
    this.audit = audit;
  }

  /**
   * HAPI's tag operations read and change tags and security labels without the record: on patient
   * records they would reveal labels (and that a record exists) and let labels change.
   */
  static final java.util.Set<String> META_OPERATIONS =
      java.util.Set.of("$meta", "$meta-add", "$meta-delete");

  static final String META_REFUSED =
      "Tags and security labels of patients' records are read and changed with the record itself;"
          + " the server keeps the security labels.";

  /** Patient operations that read the whole record, whoever holds each item (risk). */
  static final java.util.Set<String> WHOLE_RECORD = java.util.Set.of("$stratify");

  /** Patient operations for those without access to the record (they decide for themselves). */
  static final java.util.Set<String> OWN_DECISION =
      java.util.Set.of(ACCESS_REPORT, PatientAccess.EMERGENCY_ACCESS);

  /** Patient operations that filter their own answer through {@link PatientAccess}. */
  static final java.util.Set<String> OWN_FILTER = java.util.Set.of("$shared-care-plan");

  @Override
  public ConsentOutcome startOperation(RequestDetails request, IConsentContextServices services) {
    // An operation on one patient's record ($everything, $stratify, $enrol) is for those who may
    // read it; anyone else is answered as if there were no such patient.
    if ("Patient".equals(request.getResourceName())
        && request.getOperation() != null
        && !OWN_DECISION.contains(request.getOperation())
        && request.getId() != null
        && request.getId().hasIdPart()
        && access.whyNoPatientRecords(request).isEmpty()) {
      String patient = request.getId().getIdPart();
      Optional<Decision> decision =
          WHOLE_RECORD.contains(request.getOperation())
              ? access.toAnalysePatient(request, patient)
              : access.toReadPatient(request, patient);
      if (decision.filter(d -> !d.allowed()).isPresent()) {
        audit.denied(request, patient, "Patient/" + patient, decision.get().reason());
        // Urgent care (111, ambulance, out of hours) may read any patient's crisis summary once
        // it says why: told so, rather than answered as if there were no such patient.
        if (access.isUrgentCare(request)) {
          throw new ForbiddenOperationException(
              decision.get().reason(), refusal(decision.get().reason()));
        }
        throw new ResourceNotFoundException(request.getId());
      }
    }
    Optional<String> type = Optional.ofNullable(request.getResourceName());
    Optional<String> scopes =
        type.flatMap(t -> permission(request).flatMap(p -> access.whyScopesRefuse(request, t, p)));
    if (scopes.isPresent()) {
      return new ConsentOutcome(ConsentOperationStatusEnum.REJECT, refusal(scopes.get()));
    }
    if (request.getOperation() != null
        && META_OPERATIONS.contains(request.getOperation())
        && access.accessor(request).isPresent()
        && type.filter(t -> !access.isPatientLevel(t)).isEmpty()) {
      return new ConsentOutcome(ConsentOperationStatusEnum.REJECT, refusal(META_REFUSED));
    }
    boolean privacyOfficer = access.isPrivacyOfficer(request);
    if (type.filter("AuditEvent"::equals).isPresent()
        && access.accessor(request).isPresent()
        && !privacyOfficer) {
      return new ConsentOutcome(
          ConsentOperationStatusEnum.REJECT, refusal(PatientAccess.AUDIT_EVENTS));
    }
    // Privacy officers come for who accessed a record: AuditEvents and the access report.
    boolean accessReport =
        type.filter("AuditEvent"::equals).isPresent()
            || ACCESS_REPORT.equals(request.getOperation());
    boolean patientLevel = type.filter(access::isPatientLevel).isPresent();
    Optional<String> refused =
        patientLevel && !(accessReport && privacyOfficer)
            ? access.whyNoPatientRecords(request)
            : Optional.empty();
    if (refused.isPresent()) {
      return new ConsentOutcome(ConsentOperationStatusEnum.REJECT, refusal(refused.get()));
    }
    // An operation that answers only what the caller may see, entry by entry, with this same
    // decision (and records what it shows for the audit event) needs no second pass over its
    // answer: the patient's record was checked above.
    return "Patient".equals(request.getResourceName())
            && request.getOperation() != null
            && OWN_FILTER.contains(request.getOperation())
            && access.accessor(request).isPresent()
        ? ConsentOutcome.AUTHORIZED
        : ConsentOutcome.PROCEED;
  }

  @Override
  public boolean shouldProcessCanSeeResource(
      RequestDetails request, IConsentContextServices services) {
    return checksEachResource(request);
  }

  /** Whether what storage finds for {@code request} is checked resource by resource. */
  boolean checksEachResource(RequestDetails request) {
    // The searches HAPI makes inside a write (conditional create, conditional references) are
    // not the caller reading: filtering them there loads resources into the write's session
    // and loses what it has yet to flush. Whatever a write answers is still checked on its way
    // out (willSeeResource), and the write itself by WriteAccessInterceptor.
    return access.accessor(request).isPresent() && !WRITES.contains(request.getRestOperationType());
  }

  @Override
  public ConsentOutcome canSeeResource(
      RequestDetails request, IBaseResource resource, IConsentContextServices services) {
    if (access.whyScopesHide(request, resource).isPresent()) {
      return ConsentOutcome.REJECT;
    }
    Optional<Decision> decision = access.toRead(request, resource);
    // A read of one record refused is audited; a search merely leaves out what is not the
    // caller's.
    if (isReadOf(request, resource) && decision.isPresent() && !decision.get().allowed()) {
      String what = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
      access
          .patientsOf(resource)
          .forEach(patient -> audit.denied(request, patient, what, decision.get().reason()));
    }
    shown(request, resource, decision);
    return outcome(decision, ConsentOutcome.AUTHORIZED);
  }

  /** A record the caller is shown, for the audit event of the request (Tasks: no compartment). */
  private void shown(RequestDetails request, IBaseResource resource, Optional<Decision> decision) {
    if (decision.filter(Decision::allowed).isPresent()) {
      audit.involves(
          request,
          resource.fhirType() + "/" + resource.getIdElement().getIdPart(),
          access.patientsOf(resource));
    }
  }

  @Override
  public ConsentOutcome willSeeResource(
      RequestDetails request, IBaseResource resource, IConsentContextServices services) {
    if (access.whyScopesHide(request, resource).isPresent()) {
      return ConsentOutcome.REJECT;
    }
    Optional<Decision> decision = access.toRead(request, resource);
    shown(request, resource, decision);
    return outcome(decision, ConsentOutcome.PROCEED);
  }

  /**
   * The SMART permission a request needs on its resource type: read for reads, instance history and
   * operations, search for searches and type history, create, update (also patch), delete; empty
   * for requests at the server's level (transactions, system searches), whose resources are checked
   * one by one.
   */
  static Optional<SmartScopes.Permission> permission(RequestDetails request) {
    if (request.getRestOperationType() == null) {
      return Optional.empty();
    }
    switch (request.getRestOperationType()) {
      case READ:
      case VREAD:
      case HISTORY_INSTANCE:
      case EXTENDED_OPERATION_INSTANCE:
      case EXTENDED_OPERATION_TYPE:
        return Optional.of(SmartScopes.Permission.READ);
      case SEARCH_TYPE:
      case HISTORY_TYPE:
        return Optional.of(SmartScopes.Permission.SEARCH);
      case CREATE:
        return Optional.of(SmartScopes.Permission.CREATE);
      case UPDATE:
      case PATCH:
        return Optional.of(SmartScopes.Permission.UPDATE);
      case DELETE:
        return Optional.of(SmartScopes.Permission.DELETE);
      default:
        return Optional.empty();
    }
  }

  /** Whether the request is a read or vread of exactly this resource. */
  private static boolean isReadOf(RequestDetails request, IBaseResource resource) {
    return (request.getRestOperationType() == RestOperationTypeEnum.READ
            || request.getRestOperationType() == RestOperationTypeEnum.VREAD)
        && request.getId() != null
        && resource.getIdElement().getIdPart().equals(request.getId().getIdPart());
  }

  private static ConsentOutcome outcome(Optional<Decision> decision, ConsentOutcome allowed) {
    if (decision.isEmpty()) {
      return ConsentOutcome.PROCEED;
    }
    return decision.get().allowed() ? allowed : ConsentOutcome.REJECT;
  }

  private static IBaseOperationOutcome refusal(String reason) {
    return OperationOutcomes.forbidden(reason);
  }
}
