package org.carepath.server.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;

/**
 * Who viewed or changed a patient's record: their AuditEvents, newest first (the latest 1,000), for
 * the privacy officer of the patient's registered practice and for those who may read the record.
 * Anyone else is answered as if the patient did not exist (404).
 */
class AccessReport {

  /** The most events one report lists. */
  static final int LIMIT = 1000;

  private final PatientAccess access;
  private final DaoRegistry daos;

  AccessReport(PatientAccess access, DaoRegistry daos) {
    this.access = access;
    this.daos = daos;
  }

  Bundle of(RequestDetails request, String patientId) {
    boolean allowed =
        access.toReadAccessReport(request, patientId).map(d -> d.allowed()).orElse(false);
    if (!allowed) {
      throw new ResourceNotFoundException(new IdType("Patient", patientId));
    }
    SearchParameterMap events =
        SearchParameterMap.newSynchronous("patient", new ReferenceParam("Patient/" + patientId));
    events.setSort(new SortSpec("date", SortOrderEnum.DESC));
    events.setLoadSynchronousUpTo(LIMIT);
    events.setCount(LIMIT);
    Bundle report = new Bundle();
    report.setType(Bundle.BundleType.COLLECTION);
    daos.getResourceDao(AuditEvent.class)
        .search(events, new SystemRequestDetails())
        .getResources(0, LIMIT)
        .forEach(event -> report.addEntry().setResource((AuditEvent) event));
    return report;
  }
}
