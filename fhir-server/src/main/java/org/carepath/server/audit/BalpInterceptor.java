package org.carepath.server.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.BalpAuditCaptureInterceptor;
import org.carepath.server.fhir.FhirServerInterceptor;

/**
 * HAPI's IHE Basic Audit Log Patterns interceptor on the REST server: a PatientRead per patient for
 * a read or vread, a PatientQuery per patient returned by a search (or a page of one), a
 * PatientCreate or PatientUpdate per write, and the basic events for records that are nobody's;
 * with Carepath's {@link AuditTrail} as context and sink.
 */
class BalpInterceptor extends BalpAuditCaptureInterceptor implements FhirServerInterceptor {

  private final AuditTrail trail;

  BalpInterceptor(AuditTrail trail) {
    super(trail, trail);
    this.trail = trail;
  }

  /** Events made without a patient get theirs once the request is done (AuditTrail). */
  @Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
  public void completed(RequestDetails request) {
    trail.completed(request);
  }
}
