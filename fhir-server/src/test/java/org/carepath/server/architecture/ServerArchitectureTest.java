package org.carepath.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.Interceptor;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's feature packages ({@code org.carepath.server.<feature>}) depend on each other
 * without cycles, and its providers and interceptors only translate: they depend on their own
 * feature, the domain ({@code org.carepath.coordination}) and the shared plumbing — never on
 * another feature's internals (docs/adr/0007-domain-and-adapters.md). Each rule is also run against
 * a deliberate violation in {@code architecture.fixture}.
 */
class ServerArchitectureTest {

  private static final String SERVER = "org.carepath.server";

  /** What every feature may use: the FHIR plumbing, who is asking, organisations, storage, jobs. */
  private static final Set<String> SHARED =
      Set.of("fhir", "security", "organisation", "storage", "scheduling");

  private static JavaClasses server;

  @BeforeAll
  static void importServer() {
    server =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(SERVER);
  }

  static ArchRule noCyclesBetween(String featurePackages) {
    return slices()
        .matching(featurePackages)
        .should()
        .beFreeOfCycles()
        .because("each feature can be changed, tested and understood on its own");
  }

  /** Providers and interceptors of {@code root.<feature>} use only their feature and the shared. */
  static ArchRule adaptersStayInTheirFeature(String root, Set<String> shared) {
    return classes()
        .that()
        .haveSimpleNameEndingWith("Provider")
        .or()
        .haveSimpleNameEndingWith("Interceptor")
        .or()
        .areAnnotatedWith(Interceptor.class)
        .should(useOnlyTheirFeatureAnd(root, shared))
        .because("providers and interceptors translate and delegate to their own feature");
  }

  private static ArchCondition<JavaClass> useOnlyTheirFeatureAnd(String root, Set<String> shared) {
    return new ArchCondition<>("depend only on their own feature, the domain and " + shared) {
      @Override
      public void check(JavaClass adapter, ConditionEvents events) {
        Optional<String> own = feature(root, adapter.getPackageName());
        for (Dependency dependency : adapter.getDirectDependenciesFromSelf()) {
          Optional<String> target = feature(root, dependency.getTargetClass().getPackageName());
          if (target.isPresent() && !target.equals(own) && !shared.contains(target.get())) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  private static Optional<String> feature(String root, String packageName) {
    if (!packageName.startsWith(root + ".")) {
      return Optional.empty();
    }
    String rest = packageName.substring(root.length() + 1);
    int dot = rest.indexOf('.');
    return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
  }

  @Test
  void importsSomethingToCheck() {
    assertThat(server).hasSizeGreaterThan(100);
  }

  @Test
  void featurePackagesHaveNoCycles() {
    noCyclesBetween(SERVER + ".(*)..").check(server);
  }

  @Test
  void providersAndInterceptorsDependOnlyOnTheirFeatureTheDomainAndThePlumbing() {
    adaptersStayInTheirFeature(SERVER, SHARED).check(server);
  }

  @Test
  void theAdapterRuleCatchesAnInterceptorUsingAnotherFeature() {
    String fixture = SERVER + ".architecture.fixture";
    JavaClasses violation = new ClassFileImporter().importPackages(fixture);
    assertThat(adaptersStayInTheirFeature(fixture, Set.of()).evaluate(violation).hasViolation())
        .isTrue();
  }
}
