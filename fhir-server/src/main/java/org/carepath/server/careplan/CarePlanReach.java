package org.carepath.server.careplan;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * What the shared care plan needs of access (implemented by the access feature): who the caller
 * acts for, what they may see, and the audit of a refused write. Empty answers mean the server's
 * own work.
 */
public interface CarePlanReach {

  /** The organisations the caller acts for; empty for the server's own work. */
  Optional<Set<String>> actsFor(RequestDetails request);

  /** The caller's own organisation ({@code Organization/<id>}), if the token names a known one. */
  Optional<String> organisation(RequestDetails request);

  /**
   * Whether the caller may see {@code resource} (the same decision as a read of it); what they are
   * shown is recorded for the request's audit event.
   */
  boolean shows(RequestDetails request, IBaseResource resource);

  /** The patients whose record {@code resource} is part of. */
  Set<String> patientsOf(IBaseResource resource);

  /**
   * Audits that the caller was shown a view of patient {@code patientId}'s record ({@code code}:
   * the audit event subtype).
   */
  void viewShown(RequestDetails request, String patientId, String code, String display);

  /** Audits a refused write to {@code record} of patient {@code patientId}. */
  void refused(RequestDetails request, String patientId, Optional<String> record, String reason);
}
