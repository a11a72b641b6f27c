package org.carepath.server.audit;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;

/** What the access decision knows of a request, for its audit events; the access feature's. */
public interface AuditContext {

  String SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

  /**
   * Why the caller is accessing a patient's record: {@code TREAT} (direct care within a
   * relationship) or {@code ETREAT} (emergency access), HL7 v3 ActReason codes; empty when the
   * caller has no access to that patient.
   */
  Optional<String> purposeFor(RequestDetails request, String patientId);

  /** The organisation the caller acts for, {@code Organization/<id>}, if Carepath knows it. */
  Optional<String> organisationFor(RequestDetails request);
}
