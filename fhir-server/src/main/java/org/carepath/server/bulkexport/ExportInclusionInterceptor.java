package org.carepath.server.bulkexport;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * On the storage layer, where HAPI's export job asks (it runs as the server, outside any request):
 * each resource goes into an export only if the organisation it is made for may see it. Translates
 * and delegates to {@link BulkExportAccess}.
 */
class ExportInclusionInterceptor {

  private final BulkExportAccess access;

  ExportInclusionInterceptor(BulkExportAccess access) {
    this.access = access;
  }

  @Hook(Pointcut.STORAGE_BULK_EXPORT_RESOURCE_INCLUSION)
  public boolean include(BulkExportJobParameters parameters, IBaseResource resource) {
    return access.include(parameters, resource);
  }
}
