package org.carepath.coordination.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The care-coordination module is the domain: it never uses the HAPI server, JPA storage, or
 * Spring; its rules work on its own types, and only {@code ..fhir..} adapter packages convert from
 * and to FHIR (model, parsing, client types); its feature packages do not depend on each other in a
 * circle. See docs/adr/0007-domain-and-adapters.md and STYLE.md §1. Each rule is also run against a
 * deliberate violation in {@code architecture.fixture}, so a rule that stopped matching anything
 * would fail here rather than pass vacuously.
 */
class DomainIndependenceTest {

  private static JavaClasses domain;

  @BeforeAll
  static void importDomain() {
    domain =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.carepath.coordination");
  }

  @Test
  void importsSomethingToCheck() {
    // Guards the guard: if the package name drifted, the rules below would pass vacuously.
    assertThat(domain).isNotEmpty();
  }

  @Test
  void domainUsesNoHapiServerOrStorageTypes() {
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "ca.uhn.fhir.rest.server..",
                "ca.uhn.fhir.jpa..",
                "ca.uhn.fhir.interceptor..",
                "ca.uhn.fhir.storage..")
            .because("the domain is plugged into the server by adapters in fhir-server");
    rule.check(domain);
  }

  @Test
  void domainUsesNoJpaOrSpring() {
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "jakarta.persistence..",
                "javax.persistence..",
                "org.hibernate..",
                "org.springframework..",
                "jakarta.servlet..")
            .because("domain logic is unit-testable without a container or a database");
    rule.check(domain);
  }

  /** Rules read the domain's own types; only ..fhir.. adapters see FHIR resources. */
  static ArchRule noFhirModelOutsideAdapters() {
    return noClasses()
        .that()
        .resideOutsideOfPackage("..fhir..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.hl7.fhir.r4.model..")
        .because("clinical rules take domain values; ..fhir.. packages convert (STYLE.md §1)");
  }

  static ArchRule noCyclesBetween(String featurePackages) {
    return slices()
        .matching(featurePackages)
        .should()
        .beFreeOfCycles()
        .because("each feature can be changed, tested and understood on its own");
  }

  @Test
  void domainRulesUseNoFhirModelOutsideFhirPackages() {
    noFhirModelOutsideAdapters().check(domain);
  }

  @Test
  void theFhirModelRuleCatchesARuleThatReadsFhir() {
    JavaClasses violation =
        new ClassFileImporter()
            .importPackages("org.carepath.coordination.architecture.fixture.model");
    assertThat(noFhirModelOutsideAdapters().evaluate(violation).hasViolation()).isTrue();
  }

  @Test
  void featurePackagesHaveNoCycles() {
    noCyclesBetween("org.carepath.coordination.(*)..").check(domain);
  }

  @Test
  void theCycleRuleCatchesACycle() {
    JavaClasses cycle =
        new ClassFileImporter()
            .importPackages("org.carepath.coordination.architecture.fixture.cycle");
    assertThat(
            noCyclesBetween("org.carepath.coordination.architecture.fixture.cycle.(*)..")
                .evaluate(cycle)
                .hasViolation())
        .isTrue();
  }

  @Test
  void onlyFhirAdapterPackagesParseOrCallFhir() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackage("..fhir..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("ca.uhn.fhir.parser..", "ca.uhn.fhir.rest.client..")
            .because("conversion to and from FHIR wire formats lives in ..fhir.. packages only");
    rule.check(domain);
  }
}
