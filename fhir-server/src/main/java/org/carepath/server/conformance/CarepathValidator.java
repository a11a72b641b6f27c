package org.carepath.server.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.ElementDefinition.ElementDefinitionConstraintComponent;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Validates resources against base FHIR R4 and Carepath's profiles, offline: the core R4
 * definitions shipped with HAPI, Carepath's package, snapshots generated from our differentials,
 * and in-memory terminology. Code systems that are not loaded (SNOMED CT, LOINC) give warnings, not
 * errors, so codes from them are accepted as long as the value sets that name them allow it. Build
 * it once: the first validation warms the chain (seconds); later ones take milliseconds.
 */
public final class CarepathValidator {

  /** Validations one core instance validator serves before it is replaced. */
  static final int VALIDATOR_USES = 1000;

  /**
   * Idle core instance validators kept for reuse (~5 MB each): 4 per core, between 4 and 32 — more
   * than the validations a core runs at once, so a busy server rarely builds one.
   */
  static final int VALIDATORS_POOLED =
      Math.min(32, Math.max(4, Runtime.getRuntime().availableProcessors() * 4));

  private final FhirValidator validator;
  private final FhirValidator schemaValidator;
  private final ValidationSupportChain supportChain;
  private final FhirContext fhirContext;
  private final IFhirPath fhirPath;

  /** Profiles that only add invariants on the resource itself, by URL: their constraints. */
  private final Map<String, List<ElementDefinitionConstraintComponent>> invariantOnlyProfiles;

  public CarepathValidator(
      FhirContext fhirContext, List<ConformancePackage.Entry> conformancePackage) {
    this.supportChain = supportChain(fhirContext, conformancePackage);
    FhirInstanceValidator module =
        new ReusedInstanceValidator(supportChain, VALIDATOR_USES, VALIDATORS_POOLED);
    module.setAnyExtensionsAllowed(true);
    this.validator = fhirContext.newValidator();
    this.validator.setValidateAgainstStandardSchema(false);
    this.validator.setValidateAgainstStandardSchematron(false);
    this.validator.registerValidatorModule(module);
    this.fhirContext = fhirContext;
    this.fhirPath = fhirContext.newFhirPath();
    this.invariantOnlyProfiles = invariantOnlyProfiles(conformancePackage);
    this.schemaValidator = fhirContext.newValidator();
    this.schemaValidator.setValidateAgainstStandardSchema(true);
    this.schemaValidator.setValidateAgainstStandardSchematron(false);
  }

  /**
   * The validation support chain: core R4 definitions, Carepath's package, snapshots, in-memory
   * terminology; unknown code systems warn.
   */
  static ValidationSupportChain supportChain(
      FhirContext fhirContext, List<ConformancePackage.Entry> conformancePackage) {
    PrePopulatedValidationSupport carepath = new PrePopulatedValidationSupport(fhirContext);
    conformancePackage.forEach(entry -> carepath.addResource(entry.resource()));
    UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
        new UnknownCodeSystemWarningValidationSupport(fhirContext);
    unknownCodeSystems.setNonExistentCodeSystemSeverity(
        ca.uhn.fhir.context.support.IValidationSupport.IssueSeverity.WARNING);
    return new ValidationSupportChain(
        new DefaultProfileValidationSupport(fhirContext),
        carepath,
        new CommonCodeSystemsTerminologyService(fhirContext),
        new InMemoryTerminologyServerValidationSupport(fhirContext),
        new SnapshotGeneratingValidationSupport(fhirContext),
        unknownCodeSystems);
  }

  /**
   * Validates a resource against base R4, the profiles it declares, and {@code profiles}.
   *
   * @return the messages of severity error or fatal (empty when valid)
   */
  public ValidationResult validate(IBaseResource resource, Collection<String> profiles) {
    ValidationOptions options = new ValidationOptions();
    profiles.forEach(options::addProfile);
    return validator.validateWithResult(resource, options);
  }

  /**
   * Validates a resource against the FHIR R4 XML Schema only: structure, cardinality and data
   * types, at a fraction of a millisecond. No invariants, bindings or profiles (ADR 0005).
   */
  public ValidationResult validateSchema(IBaseResource resource) {
    return schemaValidator.validateWithResult(resource);
  }

  /**
   * Whether every one of these profiles only adds invariants on the resource itself (no
   * cardinality, type or binding changes), so {@link #validateSchemaAndInvariants} is enough.
   */
  public boolean invariantsOnly(Collection<String> profiles) {
    return !profiles.isEmpty() && invariantOnlyProfiles.keySet().containsAll(profiles);
  }

  /**
   * The R4 XML Schema plus the profiles' invariants, evaluated with FHIRPath: for profiles that
   * {@link #invariantsOnly only add invariants}, the same verdict as the instance validator at a
   * small part of its cost.
   */
  public ValidationResult validateSchemaAndInvariants(
      IBaseResource resource, Collection<String> profiles) {
    List<SingleValidationMessage> messages =
        new ArrayList<>(validateSchema(resource).getMessages());
    for (String profile : profiles) {
      for (ElementDefinitionConstraintComponent invariant : invariantOnlyProfiles.get(profile)) {
        List<BooleanType> holds =
            fhirPath.evaluate(resource, invariant.getExpression(), BooleanType.class);
        if (holds.isEmpty() || !holds.get(0).booleanValue()) {
          SingleValidationMessage failed = new SingleValidationMessage();
          failed.setSeverity(ResultSeverityEnum.ERROR);
          failed.setLocationString(resource.fhirType());
          failed.setMessage(
              "Constraint failed: "
                  + invariant.getKey()
                  + ": '"
                  + invariant.getHuman()
                  + "' (defined in "
                  + profile
                  + ")");
          messages.add(failed);
        }
      }
    }
    return new ValidationResult(fhirContext, messages);
  }

  private static Map<String, List<ElementDefinitionConstraintComponent>> invariantOnlyProfiles(
      List<ConformancePackage.Entry> conformancePackage) {
    Map<String, List<ElementDefinitionConstraintComponent>> profiles = new HashMap<>();
    for (ConformancePackage.Entry entry : conformancePackage) {
      if (entry.resource() instanceof StructureDefinition profile
          && profile.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE
          && profile.getDifferential().getElement().stream()
              .allMatch(element -> isRootInvariantsOnly(profile, element))) {
        profiles.put(
            profile.getUrl(),
            profile.getDifferential().getElement().stream()
                .flatMap(element -> element.getConstraint().stream())
                .toList());
      }
    }
    return Map.copyOf(profiles);
  }

  private static boolean isRootInvariantsOnly(
      StructureDefinition profile, ElementDefinition element) {
    return element.getPath().equals(profile.getType())
        && !element.hasMin()
        && !element.hasMax()
        && !element.hasType()
        && !element.hasBinding()
        && !element.hasFixed()
        && !element.hasPattern()
        && !element.hasSlicing();
  }

  /** Whether a validation result has errors (warnings and information are allowed). */
  public static boolean hasErrors(ValidationResult result) {
    return result.getMessages().stream().anyMatch(CarepathValidator::isError);
  }

  public static boolean isError(SingleValidationMessage message) {
    return message.getSeverity() == ResultSeverityEnum.ERROR
        || message.getSeverity() == ResultSeverityEnum.FATAL;
  }

  /** A profile of the package with its snapshot generated from the differential. */
  StructureDefinition withSnapshot(String url) {
    StructureDefinition differential =
        ((StructureDefinition) supportChain.fetchStructureDefinition(url)).copy();
    return (StructureDefinition)
        supportChain.generateSnapshot(
            new ValidationSupportContext(supportChain),
            differential,
            url,
            url,
            differential.getName());
  }
}
