package org.carepath.server.audit;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * Whether the caller may see an AuditEvent — decided by the access feature (the privacy officer of
 * the patient's registered practice), asked by the audit feature before it pages, so that pages
 * stay full and nothing out of reach is counted.
 */
public interface AuditReach {

  boolean maySee(RequestDetails request, AuditEvent event);
}
