package org.carepath.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.carepath.coordination.Canonical;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The build test of Carepath's FHIR package and terminology: every file is well formed and named
 * for its resource, every profile gets a complete snapshot, and every example validates (or, for
 * the invalid ones, fails for its stated reason) with the validator the server uses.
 */
class ConformancePackageTest {

  private static final Path EXAMPLES = Path.of("..", "profiles", "examples");
  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static List<ConformancePackage.Entry> entries;
  private static CarepathValidator validator;
  private static JsonNode manifest;

  @BeforeAll
  static void load() throws IOException {
    entries = ConformancePackage.load(FHIR);
    validator = new CarepathValidator(FHIR, entries);
    manifest = new ObjectMapper().readTree(EXAMPLES.resolve("manifest.json").toFile());
  }

  @Test
  void thePackageHoldsProfilesTerminologyAndSearchParameters() {
    Set<String> types =
        entries.stream().map(e -> e.resource().fhirType()).collect(Collectors.toSet());
    assertThat(types)
        .contains(
            "StructureDefinition",
            "CodeSystem",
            "ValueSet",
            "SearchParameter",
            "CapabilityStatement");
    assertThat(entries).hasSizeGreaterThan(80);
  }

  @Test
  void everyFileIsNamedForItsResourceAndEveryUrlIsUnderTheCanonicalBase() {
    for (ConformancePackage.Entry entry : entries) {
      IBaseResource resource = entry.resource();
      String id = resource.getIdElement().getIdPart();
      assertThat(entry.fileName()).isEqualTo(resource.fhirType() + "-" + id + ".json");
      if (resource instanceof MetadataResource metadata) {
        assertThat(metadata.getUrl())
            .as(entry.fileName())
            .isEqualTo(Canonical.BASE + "/" + resource.fhirType() + "/" + id);
      }
    }
  }

  @Test
  void thePackagesCanonicalIsTheOneBaseTheCodeUses() throws IOException {
    JsonNode packageJson;
    try (var in =
        ConformancePackageTest.class.getResourceAsStream("/carepath/profiles/package.json")) {
      assertThat(in).isNotNull();
      packageJson = new ObjectMapper().readTree(in);
    }
    assertThat(packageJson.path("canonical").asText()).isEqualTo(Canonical.BASE);
  }

  @TestFactory
  Stream<DynamicTest> everyProfileHasASnapshotKeepingEveryDifferentialElement() {
    return entries.stream()
        .filter(e -> e.resource() instanceof StructureDefinition)
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.fileName(),
                    () -> {
                      String url = ((StructureDefinition) e.resource()).getUrl();
                      StructureDefinition withSnapshot = validator.withSnapshot(url);
                      assertThat(withSnapshot.getSnapshot().getElement()).isNotEmpty();
                      Set<String> snapshotIds =
                          withSnapshot.getSnapshot().getElement().stream()
                              .map(ElementDefinition::getId)
                              .collect(Collectors.toSet());
                      for (ElementDefinition element :
                          withSnapshot.getDifferential().getElement()) {
                        assertThat(snapshotIds)
                            .as("%s keeps %s", url, element.getId())
                            .contains(element.getId());
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> validExamplesPass() throws IOException {
    Set<String> invalid = invalidExamples();
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      List<Path> valid =
          files
              .filter(f -> !f.getFileName().toString().equals("manifest.json"))
              .filter(f -> !invalid.contains(f.getFileName().toString()))
              .sorted()
              .toList();
      assertThat(valid).hasSizeGreaterThanOrEqualTo(11);
      return valid.stream()
          .map(
              file ->
                  DynamicTest.dynamicTest(
                      file.getFileName().toString(),
                      () -> {
                        ValidationResult result = validate(file);
                        assertThat(CarepathValidator.hasErrors(result))
                            .as(messages(result))
                            .isFalse();
                      }));
    }
  }

  @TestFactory
  Stream<DynamicTest> invalidExamplesFailForTheirStatedReason() {
    return invalidExamples().stream()
        .sorted()
        .map(
            name ->
                DynamicTest.dynamicTest(
                    name,
                    () -> {
                      String expected = manifest.path("invalid").path(name).path("expect").asText();
                      ValidationResult result = validate(EXAMPLES.resolve(name));
                      assertThat(CarepathValidator.hasErrors(result)).as(name).isTrue();
                      assertThat(errorText(result)).contains(expected);
                    }));
  }

  @Test
  void everyProfileHasAValidAndAnInvalidExample() throws IOException {
    Set<String> claimed;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      claimed =
          files
              .filter(f -> !f.getFileName().toString().equals("manifest.json"))
              .flatMap(f -> profilesClaimedBy(f).stream())
              .collect(Collectors.toSet());
    }
    Set<String> resourceProfiles =
        entries.stream()
            .map(ConformancePackage.Entry::resource)
            .filter(StructureDefinition.class::isInstance)
            .map(StructureDefinition.class::cast)
            .filter(sd -> sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE)
            .map(StructureDefinition::getUrl)
            .collect(Collectors.toSet());
    assertThat(claimed).containsAll(resourceProfiles);
    assertThat(invalidExamples()).hasSizeGreaterThanOrEqualTo(resourceProfiles.size());
  }

  private static List<String> profilesClaimedBy(Path file) {
    IBaseResource resource = parse(file);
    return resource.getMeta().getProfile().stream().map(p -> p.getValue()).toList();
  }

  private static Set<String> invalidExamples() {
    Set<String> names = new java.util.TreeSet<>();
    manifest.path("invalid").fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static ValidationResult validate(Path file) {
    IBaseResource resource = parse(file);
    return validator.validate(resource, WorkflowProfiles.requiredFor(resource));
  }

  private static IBaseResource parse(Path file) {
    try {
      return FHIR.newJsonParser().parseResource(Files.readString(file));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String errorText(ValidationResult result) {
    return result.getMessages().stream()
        .filter(CarepathValidator::isError)
        .map(m -> m.getLocationString() + " " + m.getMessage())
        .collect(Collectors.joining("\n"));
  }

  private static String messages(ValidationResult result) {
    return result.getMessages().stream()
        .map(m -> m.getSeverity() + " " + m.getLocationString() + " " + m.getMessage())
        .collect(Collectors.joining("\n"));
  }
}
