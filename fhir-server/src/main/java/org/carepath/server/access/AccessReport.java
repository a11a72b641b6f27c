package org.carepath.server.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.carepath.server.audit.AuditStore;
import org.carepath.server.audit.AuditTrail;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;

/**
 * Who viewed or changed a patient's record: their AuditEvents, newest first (the latest 1,000), for
 * the privacy officer of the patient's registered practice and for those who may read the record.
 * Anyone else is answered as if the patient did not exist (404). Showing the report is audited.
 */
class AccessReport {

  /** The most events one report lists. */
  static final int LIMIT = 1000;

  private final PatientAccess access;
  private final AuditStore events;
  private final AuditTrail audit;

  AccessReport(PatientAccess access, AuditStore events, AuditTrail audit) {
    this.access = access;
    this.events = events;
    this.audit = audit;
  }

  Bundle of(RequestDetails request, String patientId) {
    boolean allowed =
        access.toReadAccessReport(request, patientId).map(d -> d.allowed()).orElse(false);
    if (!allowed) {
      throw new ResourceNotFoundException(new IdType("Patient", patientId));
    }
    Bundle report = new Bundle();
    report.setType(Bundle.BundleType.COLLECTION);
    events.latestOf(patientId, LIMIT).forEach(event -> report.addEntry().setResource(event));
    audit.accessReportShown(request, patientId);
    return report;
  }
}
