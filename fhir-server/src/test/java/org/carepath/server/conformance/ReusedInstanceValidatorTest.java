package org.carepath.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reused instance validator gives HAPI's verdicts: every example of the package (valid and
 * invalid, with the profiles the workflow requires) validated by HAPI's own module and by ours —
 * each core validator serving three validations, so some are fresh and some reused, and every
 * example validated twice in a row — gives the same messages.
 */
class ReusedInstanceValidatorTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final Path EXAMPLES = Path.of("..", "profiles", "examples");

  private static FhirValidator hapis;
  private static FhirValidator reused;

  @BeforeAll
  static void build() {
    IValidationSupport chain = CarepathValidator.supportChain(FHIR, ConformancePackage.load(FHIR));
    FhirInstanceValidator stock = new FhirInstanceValidator(chain);
    FhirInstanceValidator ours = new ReusedInstanceValidator(chain, 3, 1);
    hapis = validator(stock);
    reused = validator(ours);
  }

  @Test
  void everyExampleGetsTheSameMessagesAsFromHapisOwnModule() throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      examples =
          files.filter(f -> !f.getFileName().toString().equals("manifest.json")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(20);
    int withErrors = 0;
    for (Path example : examples) {
      IBaseResource resource = FHIR.newJsonParser().parseResource(Files.readString(example));
      ValidationOptions options = new ValidationOptions();
      WorkflowProfiles.requiredFor(resource).forEach(options::addProfile);
      List<String> expected = messages(hapis, resource, options);
      assertThat(messages(reused, resource, options)).as(example.toString()).isEqualTo(expected);
      assertThat(messages(reused, resource, options)).as(example + " again").isEqualTo(expected);
      if (expected.stream().anyMatch(m -> m.startsWith("ERROR"))) {
        withErrors++;
      }
    }
    // The comparison covers rejections, not only clean passes.
    assertThat(withErrors).isGreaterThanOrEqualTo(9);
  }

  @Test
  void aProfileThatIsNotKnownIsReportedAsHapiReportsIt() {
    org.hl7.fhir.r4.model.Patient patient = new org.hl7.fhir.r4.model.Patient();
    patient.getMeta().addProfile("https://fhir.carepath.org/StructureDefinition/no-such-profile");
    ValidationOptions options = new ValidationOptions();
    List<String> expected = messages(hapis, patient, options);
    assertThat(expected).anyMatch(m -> m.contains("no-such-profile"));
    assertThat(messages(reused, patient, options)).isEqualTo(expected);
  }

  private static FhirValidator validator(FhirInstanceValidator module) {
    module.setAnyExtensionsAllowed(true);
    FhirValidator validator = FHIR.newValidator();
    validator.setValidateAgainstStandardSchema(false);
    validator.setValidateAgainstStandardSchematron(false);
    validator.registerValidatorModule(module);
    return validator;
  }

  private static List<String> messages(
      FhirValidator validator, IBaseResource resource, ValidationOptions options) {
    List<String> messages = new ArrayList<>();
    for (SingleValidationMessage message :
        validator.validateWithResult(resource, options).getMessages()) {
      messages.add(
          message.getSeverity()
              + " "
              + message.getLocationString()
              + " "
              + message.getMessageId()
              + " "
              + message.getMessage());
    }
    return messages;
  }
}
