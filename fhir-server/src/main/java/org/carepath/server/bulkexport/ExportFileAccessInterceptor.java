package org.carepath.server.bulkexport;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.binary.BinarySecurityContextInterceptor;
import org.carepath.server.fhir.FhirServerInterceptor;

/**
 * An export's output files (Binaries HAPI's job writes, each carrying its export's owner in {@code
 * securityContext}) are read only by the user and organisation the export was made for; HAPI's
 * interceptor refuses everyone else with 403. A Binary with no security context is not an export's.
 */
class ExportFileAccessInterceptor extends BinarySecurityContextInterceptor
    implements FhirServerInterceptor {

  private final BulkExportAccess access;

  ExportFileAccessInterceptor(FhirContext fhirContext, BulkExportAccess access) {
    super(fhirContext);
    this.access = access;
  }

  @Override
  protected boolean securityContextIdentifierAllowed(
      String system, String value, RequestDetails request) {
    return ExportOwner.parse(system, value)
        .filter(owner -> access.isCallerOwner(request, owner))
        .isPresent();
  }
}
