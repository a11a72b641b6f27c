package org.carepath.server.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Validates every clinical and administrative resource as it is about to be stored — a plain create
 * or update, or an entry of a transaction (which then fails as a whole). A resource held to a
 * Carepath profile ({@link WorkflowProfiles}) gets HAPI's instance validator: base R4 with its
 * invariants and bindings, and the profiles. Any other resource gets the R4 XML Schema (or the
 * instance validator too, if so configured). Invalid: 422 with an OperationOutcome whose issues
 * name the element and the rule; nothing is stored.
 */
@Interceptor
class ProfileValidationInterceptor {

  /**
   * Definitions rather than data. Carepath's own are checked by the build (ConformancePackageTest);
   * HAPI checks what it needs of the rest (e.g. SearchParameter expressions). Snapshots copied from
   * the core specification do not all pass the instance validator, so they are not validated here.
   */
  private static final Set<String> CONFORMANCE_TYPES =
      Set.of(
          "StructureDefinition",
          "ValueSet",
          "CodeSystem",
          "ConceptMap",
          "SearchParameter",
          "CapabilityStatement",
          "OperationDefinition",
          "ImplementationGuide",
          "NamingSystem");

  private final CarepathValidator validator;
  private final FhirContext fhirContext;
  private final ConformanceProperties.PlainResourceValidation plainResources;

  ProfileValidationInterceptor(
      CarepathValidator validator,
      FhirContext fhirContext,
      ConformanceProperties.PlainResourceValidation plainResources) {
    this.validator = validator;
    this.fhirContext = fhirContext;
    this.plainResources = plainResources;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void validateCreated(IBaseResource resource) {
    validate(resource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void validateUpdated(IBaseResource previous, IBaseResource updated) {
    validate(updated);
  }

  private static boolean claimsCarepathProfile(IBaseResource resource) {
    return WorkflowProfiles.heldToCarepathProfile(resource, Set.of());
  }

  private void validate(IBaseResource resource) {
    if (CONFORMANCE_TYPES.contains(resource.fhirType())) {
      return;
    }
    Set<String> required = WorkflowProfiles.requiredFor(resource);
    boolean full =
        plainResources == ConformanceProperties.PlainResourceValidation.FULL
            || WorkflowProfiles.heldToCarepathProfile(resource, required);
    ValidationResult result;
    if (!full) {
      result = validator.validateSchema(resource);
    } else if (plainResources == ConformanceProperties.PlainResourceValidation.SCHEMA
        && !claimsCarepathProfile(resource)
        && validator.invariantsOnly(required)) {
      // e.g. a GP extract's Patient: only the NHS number rule applies beyond base R4.
      result = validator.validateSchemaAndInvariants(resource, required);
    } else {
      result = validator.validate(resource, required);
    }
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
