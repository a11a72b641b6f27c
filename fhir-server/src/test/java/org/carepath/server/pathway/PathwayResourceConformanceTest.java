package org.carepath.server.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.carepath.coordination.careplan.fhir.SharedCarePlanResources;
import org.carepath.coordination.pathway.Enrolment;
import org.carepath.coordination.pathway.PathwayDefinition;
import org.carepath.coordination.pathway.Step;
import org.carepath.coordination.pathway.StepStatus;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.carepath.coordination.pathway.fhir.PathwayDefinitionReader;
import org.carepath.server.conformance.CarepathValidator;
import org.carepath.server.conformance.ConformancePackage;
import org.carepath.server.support.PackageValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Enrolment writes are server-authored (not validated per write, {@code EngineWrites.enrolment()});
 * this is the check that stands in for it: for every pathway of the package, the CarePlan, a step
 * Task in every status (as first written and as brought up to date), the CareTeam and the shared
 * care plan an enrolment starts, as the mappers build them, conform to their profiles under the
 * full instance validator.
 */
class PathwayResourceConformanceTest {

  private static final Instant START = Instant.parse("2026-05-22T10:00:00Z");
  private static final String OWNER = "Organization/demo-practice-1";

  private static CarepathValidator validator;
  private static List<PathwayDefinition> pathways;

  @BeforeAll
  static void build() {
    FhirContext fhir = FhirContext.forR4Cached();
    List<ConformancePackage.Entry> entries = ConformancePackage.load(fhir);
    validator = PackageValidator.get();
    pathways = List.copyOf(definitions(entries).values());
  }

  static Stream<String> pathwayCodes() {
    FhirContext fhir = FhirContext.forR4Cached();
    return definitions(ConformancePackage.load(fhir)).keySet().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("pathwayCodes")
  void whatTheEngineWritesConformsToTheProfiles(String code) {
    PathwayDefinition pathway =
        pathways.stream().filter(p -> p.code().equals(code)).findFirst().orElseThrow();
    StepStatus[] statuses = StepStatus.values();
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < pathway.steps().size(); i++) {
      steps.add(step(pathway.steps().get(i).code(), statuses[i % statuses.length], i));
    }
    // every status at least once, on the first step
    for (StepStatus status : statuses) {
      steps.add(step(pathway.steps().get(0).code(), status, steps.size()));
    }
    Enrolment running =
        new Enrolment(
            Optional.of("plan-1"),
            "42",
            pathway.code(),
            START,
            Enrolment.EnrolmentStatus.ACTIVE,
            Optional.empty(),
            steps);
    List<IBaseResource> written = new ArrayList<>();
    CarePlan plan =
        EnrolmentResources.carePlan(pathway, running, "CareTeam/ct-42", OWNER, Optional.empty());
    // An enrolment is part of the person's shared care plan, which it starts when they have none.
    plan.addPartOf(new org.hl7.fhir.r4.model.Reference("CarePlan/shared-42"));
    written.add(plan);
    written.add(
        SharedCarePlanResources.newPlan(
            "42", OWNER, Optional.of("CareTeam/ct-42"), java.util.Date.from(START)));
    for (Step step : steps) {
      Task created =
          EnrolmentResources.task(
              pathway, running, "CarePlan/plan-1", step, Optional.empty(), START);
      written.add(created);
      Step later = step(step.code(), StepStatus.COMPLETED, 99).withId("t-99");
      written.add(
          EnrolmentResources.task(
              pathway, running, "CarePlan/plan-1", later, Optional.of(created), START));
    }
    for (Enrolment.EnrolmentStatus status : Enrolment.EnrolmentStatus.values()) {
      Enrolment ended =
          new Enrolment(
              Optional.of("plan-1"),
              "42",
              pathway.code(),
              START,
              status,
              status == Enrolment.EnrolmentStatus.ENDED
                  ? Optional.of("The patient died.")
                  : Optional.empty(),
              steps);
      written.add(
          EnrolmentResources.carePlan(pathway, ended, "CareTeam/ct-42", OWNER, Optional.of(plan)));
    }
    CareTeam team = FhirEnrolments.careTeam(Optional.empty(), pathway, running).orElseThrow();
    written.add(team);
    Step elsewhere = step(pathway.steps().get(0).code(), StepStatus.READY, 1);
    Enrolment joined =
        running.withSteps(
            List.of(
                new Step(
                    elsewhere.id(),
                    elsewhere.code(),
                    elsewhere.status(),
                    Optional.of("Organization/demo-pcn-1"),
                    elsewhere.due(),
                    elsewhere.ended(),
                    elsewhere.reason())));
    CareTeam grown = FhirEnrolments.careTeam(Optional.of(team), pathway, joined).orElseThrow();
    assertThat(grown.getParticipant()).hasSize(team.getParticipant().size() + 1);
    written.add(grown);

    for (IBaseResource resource : written) {
      var result = validator.validate(resource, profiles(resource));
      assertThat(CarepathValidator.hasErrors(result))
          .as(
              "%s %s: %s",
              code,
              resource.fhirType(),
              result.getMessages().stream()
                  .filter(CarepathValidator::isError)
                  .map(m -> m.getLocationString() + ": " + m.getMessage())
                  .toList())
          .isFalse();
    }
  }

  private static List<String> profiles(IBaseResource resource) {
    return resource.getMeta().getProfile().stream().map(p -> p.getValue()).toList();
  }

  private static Step step(String code, StepStatus status, int n) {
    Optional<Instant> due =
        status == StepStatus.SKIPPED
            ? Optional.empty()
            : Optional.of(START.plusSeconds(86_400L * (n + 1)));
    Optional<Instant> ended =
        status.hasEnded() ? Optional.of(START.plusSeconds(3_600L * (n + 1))) : Optional.empty();
    Optional<String> reason =
        switch (status) {
          case SKIPPED -> Optional.of("Not applicable: the patient was admitted.");
          case CANCELLED -> Optional.of("The pathway ended: the patient died.");
          case DECLINED -> Optional.of("The patient declined.");
          default -> Optional.empty();
        };
    return new Step(Optional.of("t-" + n), code, status, Optional.of(OWNER), due, ended, reason);
  }

  private static Map<String, PathwayDefinition> definitions(
      List<ConformancePackage.Entry> entries) {
    List<PlanDefinition> plans = new ArrayList<>();
    List<ActivityDefinition> activities = new ArrayList<>();
    for (ConformancePackage.Entry entry : entries) {
      if (entry.resource() instanceof PlanDefinition plan) {
        plans.add(plan);
      } else if (entry.resource() instanceof ActivityDefinition activity) {
        activities.add(activity);
      }
    }
    return PathwayDefinitionReader.readAll(plans, activities);
  }
}
