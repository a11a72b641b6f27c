package org.carepath.server.conformance;

import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * How deeply a resource about to be stored is validated (ADR 0005):
 *
 * <ul>
 *   <li>definitions (StructureDefinition, ValueSet, …) — not here: Carepath's own are checked by
 *       the build, and snapshots copied from the core specification do not all pass the instance
 *       validator;
 *   <li>a resource held to a Carepath profile ({@link WorkflowProfiles}) — HAPI's instance
 *       validator: base R4 with invariants and bindings, and the profiles; when the only profiles
 *       add nothing but root invariants (the NHS number rule), the R4 schema plus those invariants
 *       by FHIRPath, which is the same verdict at a fraction of the cost;
 *   <li>any other resource — the R4 XML Schema, or the instance validator if configured.
 * </ul>
 */
final class WriteValidation {

  private static final Set<String> DEFINITION_TYPES =
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
  private final ConformanceProperties.PlainResourceValidation plainResources;

  WriteValidation(
      CarepathValidator validator, ConformanceProperties.PlainResourceValidation plainResources) {
    this.validator = validator;
    this.plainResources = plainResources;
  }

  /** The messages of validating the resource to the depth it warrants (empty for definitions). */
  ValidationResult validate(IBaseResource resource) {
    if (DEFINITION_TYPES.contains(resource.fhirType())) {
      return new ValidationResult(null, List.of());
    }
    Set<String> required = WorkflowProfiles.requiredFor(resource);
    boolean profiled = WorkflowProfiles.heldToCarepathProfile(resource, required);
    boolean schemaForPlain = plainResources == ConformanceProperties.PlainResourceValidation.SCHEMA;
    if (!profiled && schemaForPlain) {
      return validator.validateSchema(resource);
    }
    boolean claimsNone = !WorkflowProfiles.heldToCarepathProfile(resource, Set.of());
    if (schemaForPlain && claimsNone && validator.invariantsOnly(required)) {
      return validator.validateSchemaAndInvariants(resource, required);
    }
    return validator.validate(resource, required);
  }
}
