package org.carepath.server.bulkimport;

import ca.uhn.fhir.batch2.jobs.imprt.BulkDataImportProvider;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.access.BulkImportPolicy;
import org.carepath.server.fhir.FhirServerInterceptor;
import org.carepath.server.fhir.OperationOutcomes;
import org.carepath.server.security.Activity;
import org.carepath.server.security.CurrentUser;
import org.carepath.server.security.RoleActivities;
import org.hl7.fhir.r4.model.Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk Data {@code $import} under the access model: before HAPI's import provider starts its job
 * (which fetches the files and stores what they hold as the server), the caller must have the
 * import activity and every file must be under an allowed source ({@link BulkImportPolicy}): 403
 * with the reason otherwise, and nothing is fetched. An accepted import is audited (each patient it
 * writes: {@link BulkImportAuditInterceptor}). Only translates.
 */
class BulkImportInterceptor implements FhirServerInterceptor {

  private static final Logger log = LoggerFactory.getLogger(BulkImportInterceptor.class);

  private final BulkImportPolicy policy;
  private final RoleActivities activities;
  private final BulkImportProperties properties;
  private static final String FILES = BulkImportInterceptor.class.getName() + ".files";

  private final FhirContext fhirContext;
  private final ImportAudit audit;

  BulkImportInterceptor(
      BulkImportPolicy policy,
      RoleActivities activities,
      BulkImportProperties properties,
      FhirContext fhirContext,
      ImportAudit audit) {
    this.policy = policy;
    this.activities = activities;
    this.properties = properties;
    this.fhirContext = fhirContext;
    this.audit = audit;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void beforeHandling(RequestDetails request) {
    if (!JpaConstants.OPERATION_IMPORT.equals(request.getOperation())) {
      return;
    }
    boolean mayImport =
        CurrentUser.get()
            .map(user -> activities.allows(user, Activity.IMPORT_RECORDS))
            .orElse(false);
    List<String> files = mayImport ? files(request) : List.of();
    if (policy.toStart(mayImport, files, properties.allowedSources())
        instanceof BulkImportPolicy.Start.Refused refused) {
      throw new ForbiddenOperationException(
          refused.reason(), OperationOutcomes.forbidden(refused.reason()));
    }
    request.getUserData().put(FILES, files);
  }

  /** An import the server accepted (202) is audited: who, the files and the job. */
  @Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
  public void afterHandling(RequestDetails request, ServletRequestDetails servlet) {
    if (!JpaConstants.OPERATION_IMPORT.equals(request.getOperation())
        || !(request.getUserData().get(FILES) instanceof List<?> files)
        || servlet == null
        || servlet.getServletResponse().getStatus() != 202) {
      return;
    }
    String pollStatus =
        Optional.ofNullable(servlet.getServletResponse().getHeader("Content-Location")).orElse("");
    audit.accepted(request, files.stream().map(Object::toString).toList(), pollStatus);
    log.info("Bulk import of {} files from allowed sources accepted", files.size());
  }

  /** The files the request names ({@code input.url}), read from its body before HAPI does. */
  private List<String> files(RequestDetails request) {
    byte[] body = request.loadRequestContents();
    Parameters parameters;
    try {
      parameters =
          fhirContext
              .newJsonParser()
              .parseResource(Parameters.class, new String(body, StandardCharsets.UTF_8));
    } catch (DataFormatException | ClassCastException malformed) {
      throw new InvalidRequestException(
          "$import takes a Parameters resource in JSON (inputFormat, input: type and url).");
    }
    List<String> files = new ArrayList<>();
    for (Parameters.ParametersParameterComponent input : parameters.getParameter()) {
      if (BulkDataImportProvider.PARAM_INPUT.equals(input.getName())) {
        input.getPart().stream()
            .filter(part -> BulkDataImportProvider.PARAM_INPUT_URL.equals(part.getName()))
            .filter(part -> part.getValue() != null)
            .forEach(part -> files.add(part.getValue().primitiveValue()));
      }
    }
    return files;
  }
}
