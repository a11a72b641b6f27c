package org.carepath.server.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Validates every resource as it is about to be stored — a plain create or update, or an entry of a
 * transaction (which then fails as a whole) — to the depth {@link WriteValidation} decides.
 * Invalid: 422 with an OperationOutcome whose issues name the element and the rule; nothing is
 * stored. Server-authored writes ({@link ServerAuthoredWrites}) are not validated here.
 */
@Interceptor
class ProfileValidationInterceptor {

  private final WriteValidation writeValidation;
  private final FhirContext fhirContext;

  ProfileValidationInterceptor(WriteValidation writeValidation, FhirContext fhirContext) {
    this.writeValidation = writeValidation;
    this.fhirContext = fhirContext;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void validateCreated(IBaseResource resource, RequestDetails request) {
    if (ServerAuthoredWrites.isServerAuthored(request)) {
      return;
    }
    refuseIfInvalid(writeValidation.validate(resource));
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void validateUpdated(
      IBaseResource previous, IBaseResource updated, RequestDetails request) {
    if (ServerAuthoredWrites.isServerAuthored(request)) {
      return;
    }
    refuseIfInvalid(writeValidation.validate(updated));
  }

  private void refuseIfInvalid(ValidationResult result) {
    if (!CarepathValidator.hasErrors(result)) {
      return;
    }
    OperationOutcome outcome = new OperationOutcome();
    result.getMessages().stream()
        .filter(CarepathValidator::isError)
        .forEach(
            message ->
                outcome
                    .addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.PROCESSING)
                    .setDiagnostics(message.getMessage())
                    .addExpression(message.getLocationString()));
    throw new UnprocessableEntityException(fhirContext, outcome);
  }
}
