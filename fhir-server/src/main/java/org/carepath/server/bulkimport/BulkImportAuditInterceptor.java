package org.carepath.server.bulkimport;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** On the storage layer: hands every stored resource to {@link ImportAudit}. Only translates. */
class BulkImportAuditInterceptor {

  private final ImportAudit audit;

  BulkImportAuditInterceptor(ImportAudit audit) {
    this.audit = audit;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource, RequestDetails request, TransactionDetails tx) {
    audit.stored(resource, request, tx);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(
      IBaseResource previous,
      IBaseResource resource,
      RequestDetails request,
      TransactionDetails tx) {
    audit.stored(resource, request, tx);
  }
}
