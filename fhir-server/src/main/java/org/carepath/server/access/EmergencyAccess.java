package org.carepath.server.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.carepath.coordination.access.Accessor;
import org.carepath.coordination.access.PatientAccessPolicy;
import org.carepath.server.audit.AuditTrail;
import org.carepath.server.security.CarepathUser;
import org.carepath.server.security.CurrentUser;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * Break-glass: records a user's emergency access to one patient after checking that they give
 * direct care for a known organisation, gave a recognised reason and an explanation, and that the
 * patient exists.
 */
class EmergencyAccess {

  /** HL7 v3 ActReason codes accepted as the reason for emergency access. */
  static final String REASON_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

  static final Map<String, String> REASONS =
      Map.of("ETREAT", "Emergency treatment", "BTG", "Break the glass");

  /** The shortest explanation accepted: a word or two says nothing to a privacy officer. */
  static final int MINIMUM_TEXT = 10;

  private final PatientAccessPolicy policy;
  private final PatientAccess access;
  private final EmergencyAccessStore store;
  private final DaoRegistry daos;
  private final Clock clock;
  private final Duration lasts;
  private final AuditTrail audit;

  EmergencyAccess(
      PatientAccessPolicy policy,
      PatientAccess access,
      EmergencyAccessStore store,
      DaoRegistry daos,
      Clock clock,
      Duration lasts,
      AuditTrail audit) {
    this.policy = policy;
    this.access = access;
    this.store = store;
    this.daos = daos;
    this.clock = clock;
    this.lasts = lasts;
    this.audit = audit;
  }

  /** Audits the end of every access that has expired since the last time. */
  void auditEnded() {
    for (EmergencyAccessStore.Ended ended : store.endedUnaudited(clock.instant())) {
      if (store.claimEndAudit(ended.id())) {
        audit.emergencyAccessEnded(ended.patientId(), ended.subject(), ended.organisation());
      }
    }
  }

  /**
   * The id of the one patient with this identifier (404 for none; 422 for several or a bad one).
   */
  String patientIdentifiedBy(org.hl7.fhir.r4.model.Identifier identifier) {
    return org.carepath.server.fhir.Lookups.patientIdByIdentifier(
        daos,
        identifier == null
            ? null
            : new ca.uhn.fhir.rest.param.TokenParam(identifier.getSystem(), identifier.getValue()));
  }

  /** Records the access and answers when it ends. */
  Instant assertFor(RequestDetails request, String patientId, Coding reason, String text) {
    CarepathUser user =
        CurrentUser.get()
            .orElseThrow(() -> new ForbiddenOperationException("No Carepath identity."));
    Accessor accessor = access.accessor(request).orElseThrow();
    Optional<String> refused = policy.whyNoEmergencyAccess(accessor);
    if (refused.isPresent()) {
      throw new ForbiddenOperationException(refused.get());
    }
    if (reason == null
        || !REASON_SYSTEM.equals(reason.getSystem())
        || !REASONS.containsKey(reason.getCode())) {
      throw new InvalidRequestException(
          "reason must be a Coding of " + REASON_SYSTEM + ": ETREAT (emergency treatment) or BTG.");
    }
    if (text == null || text.strip().length() < MINIMUM_TEXT) {
      throw new InvalidRequestException(
          "text must explain the emergency (at least " + MINIMUM_TEXT + " characters).");
    }
    // Throws 404 when there is no such patient.
    daos.getResourceDao(Patient.class)
        .read(new IdType("Patient", patientId), new SystemRequestDetails());
    Instant now = clock.instant();
    Instant until = now.plus(lasts);
    store.record(
        user.subject(),
        user.organisationOdsCode(),
        patientId,
        reason.getCode(),
        text.strip(),
        now,
        until);
    audit.emergencyAccessStarted(request, patientId, reason.getCode(), text.strip());
    access.forget(request);
    return until;
  }
}
