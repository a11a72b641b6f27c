package org.carepath.server.bulkexport;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.provider.ProviderConstants;
import java.util.Optional;
import org.carepath.coordination.access.BulkExportPolicy.Scope;
import org.carepath.coordination.access.BulkExportPolicy.Start;
import org.carepath.server.fhir.FhirServerInterceptor;
import org.carepath.server.fhir.OperationOutcomes;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Bulk Data {@code $export} under the access model: before HAPI's export provider runs, the caller
 * must be allowed to start it (403 with the reason otherwise); the job it starts is written with
 * its owner ({@link ExportInclusionInterceptor} then filters what the job exports); an export's
 * status is answered only to its owner. Translates and delegates to {@link BulkExportAccess}.
 */
class BulkExportInterceptor implements FhirServerInterceptor {

  private final BulkExportAccess access;
  private final IJobCoordinator jobs;

  BulkExportInterceptor(BulkExportAccess access, IJobCoordinator jobs) {
    this.access = access;
    this.jobs = jobs;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void beforeHandling(RequestDetails request) {
    String operation = request.getOperation();
    if (ProviderConstants.OPERATION_EXPORT.equals(operation)) {
      checkStart(request);
    } else if (ProviderConstants.OPERATION_EXPORT_POLL_STATUS.equals(operation)) {
      checkStatusOwner(request);
    }
  }

  private void checkStart(RequestDetails request) {
    Optional<Scope> scope = scope(request);
    if (scope.isEmpty()) {
      return; // no such Group: HAPI's provider answers 404
    }
    if (access.toStart(request, scope.get()) instanceof Start.Refused refused) {
      throw new ForbiddenOperationException(refused.reason(), refusal(refused.reason()));
    }
  }

  private Optional<Scope> scope(RequestDetails request) {
    if ("Group".equals(request.getResourceName())
        && request.getId() != null
        && request.getId().hasIdPart()) {
      return access.cohort(request.getId().getIdPart());
    }
    return Optional.of(
        "Patient".equals(request.getResourceName()) ? new Scope.AllPatients() : new Scope.System());
  }

  /**
   * Whoever is not an export's owner is answered as if there were no such export: a job id is not a
   * credential.
   */
  private void checkStatusOwner(RequestDetails request) {
    String[] ids = request.getParameters().get(JpaConstants.PARAM_EXPORT_POLL_STATUS_JOB_ID);
    if (ids == null || ids.length != 1) {
      // The Bulk Data status URL carries the job id; a body naming it (HAPI's POST form) is read
      // after this check could run, so it is not accepted.
      throw new InvalidRequestException(
          "Poll the status URL the $export answer gave (Content-Location): "
              + ProviderConstants.OPERATION_EXPORT_POLL_STATUS
              + "?_jobId=<id>, with GET (or DELETE to cancel).");
    }
    JobInstance job;
    try {
      job = jobs.getInstance(ids[0]);
    } catch (ResourceNotFoundException e) {
      return;
    }
    boolean owner =
        BulkExportAccess.ownerOf(job.getParameters(BulkExportJobParameters.class))
            .filter(found -> access.isCallerOwner(request, found))
            .isPresent();
    if (!owner) {
      throw new ResourceNotFoundException("No export job " + ids[0] + " of the caller's");
    }
  }

  /** The job is made for the organisation the policy allowed, and carries its owner. */
  @Hook(Pointcut.STORAGE_INITIATE_BULK_EXPORT)
  public void initiate(RequestDetails request, BulkExportJobParameters parameters) {
    if (request == null || request.getOperation() == null) {
      return;
    }
    Optional<Scope> scope = scope(request);
    Start start = scope.map(s -> access.toStart(request, s)).orElse(new Start.Refused("no scope"));
    if (!(start instanceof Start.Allowed allowed)) {
      String reason = ((Start.Refused) start).reason();
      throw new ForbiddenOperationException(reason, refusal(reason));
    }
    ExportOwner owner = access.ownerFor(allowed.organisation());
    parameters.setBinarySecurityContextIdentifierSystem(ExportOwner.SYSTEM);
    parameters.setBinarySecurityContextIdentifierValue(owner.value());
  }

  private static OperationOutcome refusal(String reason) {
    return OperationOutcomes.forbidden(reason);
  }
}
