package org.carepath.coordination.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The care-coordination module is the domain: it may use FHIR model types, never the HAPI server,
 * JPA storage, or Spring. Only {@code ..fhir..} adapter packages may touch FHIR parsing and client
 * types. See ARCHITECTURE.md ("care-coordination/") and STYLE.md §1.
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
    org.assertj.core.api.Assertions.assertThat(domain).isNotEmpty();
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
