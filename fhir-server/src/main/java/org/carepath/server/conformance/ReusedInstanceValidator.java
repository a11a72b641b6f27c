package org.carepath.server.conformance;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.fhirpath.IHostApplicationServices;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HAPI's instance validator module, reusing core {@link InstanceValidator}s from a small pool for
 * up to {@code uses} validations each instead of building one for every validation (ADR 0005).
 *
 * <p>HAPI 8.8's {@code ValidatorWrapper} builds a new {@code InstanceValidator} per validation, and
 * its constructor re-reads the core library's OID table: in a profile of the referral benchmark
 * that was ~30 % of the server's time creating a referral, and ~18 % of a step update's. The core
 * validator clears its per-validation state at the start of each call (fetch cache, resource
 * trackers, messages); it is retired after {@code uses} validations so anything else it keeps stays
 * bounded. Each one holds ~5 MB, so at most {@code pooled} idle ones are kept (a burst of
 * concurrent validations builds more, then lets them go). Settings, profile lookup and message
 * filtering are HAPI 8.8.0's, so verdicts are the same ({@code ReusedInstanceValidatorTest}
 * compares them); XML input is left to HAPI's own path.
 */
final class ReusedInstanceValidator extends FhirInstanceValidator {

  private static final String PROFILE_UNKNOWN = "Validation_VAL_Profile_Unknown";
  private static final String PROFILE_UNKNOWN_NOT_POLICY =
      "VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY";

  private final int uses;
  private final BlockingDeque<Lease> idle;

  /** A validator and how often it has been used. */
  private static final class Lease {
    private final InstanceValidator validator;
    private int used;

    private Lease(InstanceValidator validator) {
      this.validator = validator;
    }
  }

  ReusedInstanceValidator(IValidationSupport validationSupport, int uses, int pooled) {
    super(validationSupport);
    if (uses < 1 || pooled < 1) {
      throw new IllegalArgumentException("uses and pooled must be at least 1");
    }
    this.uses = uses;
    this.idle = new LinkedBlockingDeque<>(pooled);
  }

  @Override
  protected List<ValidationMessage> validate(IValidationContext<?> context) {
    if (context.getResourceAsStringEncoding() != EncodingEnum.JSON) {
      return super.validate(context);
    }
    WorkerContextValidationSupportAdapter worker = provideWorkerContext();
    Lease lease = Optional.ofNullable(idle.pollFirst()).orElseGet(() -> new Lease(build(worker)));
    List<ValidationMessage> messages = validate(context, worker, lease.validator);
    // Only a validator that finished is reused; one that threw is left to the garbage collector.
    lease.used++;
    if (lease.used < uses) {
      idle.offerFirst(lease); // dropped when the pool is full
    }
    return messages;
  }

  private List<ValidationMessage> validate(
      IValidationContext<?> context, IWorkerContext worker, InstanceValidator validator) {
    configure(validator);

    List<ValidationMessage> messages = new ArrayList<>();
    List<StructureDefinition> profiles = new ArrayList<>();
    List<ValidationMessage> profileMessages = new ArrayList<>();
    for (String url : context.getOptions().getProfiles()) {
      addProfile(worker, profiles, url, profileMessages);
    }
    for (String url : declaredProfiles(context)) {
      addProfile(worker, profiles, url, profileMessages);
    }
    validator.validate(
        context.getOptions().getAppContext(),
        messages,
        new ByteArrayInputStream(context.getResourceAsString().getBytes(StandardCharsets.UTF_8)),
        FhirFormat.JSON,
        profiles);
    if (profiles.isEmpty() && !profileMessages.isEmpty()) {
      messages.addAll(profileMessages);
    }
    List<ValidationMessage> kept =
        new ArrayList<>(messages.stream().filter(ReusedInstanceValidator::kept).toList());
    kept.stream()
        .filter(ReusedInstanceValidator::unknownProfile)
        .forEach(
            message ->
                message.setLevel(
                    isErrorForUnknownProfiles()
                        ? ValidationMessage.IssueSeverity.ERROR
                        : ValidationMessage.IssueSeverity.WARNING));
    return kept;
  }

  private InstanceValidator build(IWorkerContext worker) {
    IHostApplicationServices host =
        Objects.requireNonNullElseGet(
            getHostApplicationServices(), FhirInstanceValidator.NullEvaluationContext::new);
    InstanceValidator validator =
        new InstanceValidator(
            worker,
            host,
            new XVerExtensionManagerOld(worker),
            new ValidatorSession(),
            new ValidatorSettings());
    validator.getExtensionDomains().addAll(getExtensionDomains());
    return validator;
  }

  /** The settings HAPI's wrapper applies before each validation. */
  private void configure(InstanceValidator validator) {
    validator.setAssumeValidRestReferences(isAssumeValidRestReferences());
    validator.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
    validator.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
    validator.setResourceIdRule(IdStatus.OPTIONAL);
    validator.setNoTerminologyChecks(isNoTerminologyChecks());
    validator.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
    validator.setUnknownCodeSystemsCauseErrors(true);
    validator.setFetcher(getValidatorResourceFetcher());
    validator.setPolicyAdvisor(getValidatorPolicyAdvisor());
    validator.setNoExtensibleWarnings(isNoExtensibleWarnings());
    validator.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
    validator.setAllowExamples(isAllowExamples());
    validator.setAllowXsiLocation(true);
  }

  /** The profiles the resource claims (meta.profile). */
  private static List<String> declaredProfiles(IValidationContext<?> context) {
    if (context.getResource() instanceof IBaseResource resource) {
      return resource.getMeta().getProfile().stream()
          .map(IPrimitiveType::getValueAsString)
          .filter(Objects::nonNull)
          .toList();
    }
    JsonObject json = JsonParser.parseString(context.getResourceAsString()).getAsJsonObject();
    JsonObject meta = json.getAsJsonObject("meta");
    if (meta == null || meta.get("profile") == null || !meta.get("profile").isJsonArray()) {
      return List.of();
    }
    List<String> urls = new ArrayList<>();
    meta.getAsJsonArray("profile").forEach(url -> urls.add(url.getAsString()));
    return urls;
  }

  private static void addProfile(
      IWorkerContext worker,
      List<StructureDefinition> profiles,
      String url,
      List<ValidationMessage> messages) {
    try {
      StructureDefinition profile = worker.fetchResource(StructureDefinition.class, url);
      if (profile != null) {
        profiles.add(profile);
      } else {
        messages.add(
            new ValidationMessage()
                .setMessageId(PROFILE_UNKNOWN)
                .setLevel(ValidationMessage.IssueSeverity.ERROR)
                .setMessage("Invalid profile. Failed to retrieve profile with url=" + url));
      }
    } catch (FHIRException unreadable) {
      // As HAPI's wrapper: a profile that cannot be loaded is skipped.
    }
  }

  /** HAPI drops binding messages about value sets without a source, and the mime types one. */
  private static boolean kept(ValidationMessage message) {
    String id = message.getMessageId();
    if (id == null) {
      return true;
    }
    if (id.equals("Terminology_TX_Binding_NoSource")) {
      return false;
    }
    return !(id.equals("Terminology_TX_ValueSet_NotFound")
        && message.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes"));
  }

  private static boolean unknownProfile(ValidationMessage message) {
    return PROFILE_UNKNOWN.equals(message.getMessageId())
        || PROFILE_UNKNOWN_NOT_POLICY.equals(message.getMessageId());
  }
}
