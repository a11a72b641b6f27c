package org.carepath.coordination.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.carepath.coordination.pathway.StepDefinition.TimedFrom;
import org.carepath.coordination.pathway.fhir.FhirPathStepConditions;
import org.junit.jupiter.api.Test;

class PathwayDefinitionsTest {

  private static final List<String> PATHWAYS =
      List.of(
          "hot-clinic", "copd-post-discharge", "care-homes", "end-of-life", "diabetes", "frailty");

  @Test
  void everyPublishedPathwayReadsWithValidExpressionsAndAKnownPolicy() {
    EnrolmentPolicies policies = new EnrolmentPolicies(65);
    for (String code : PATHWAYS) {
      PathwayDefinition pathway = PathwayFixture.definition(code);
      assertThat(pathway.code()).isEqualTo(code);
      assertThat(pathway.url()).isEqualTo("https://fhir.carepath.org/PlanDefinition/" + code);
      assertThat(pathway.enrolmentPolicy())
          .hasValueSatisfying(p -> assertThat(policies.knows(p)).isTrue());
      pathway.steps().stream()
          .flatMap(step -> step.applicability().stream())
          .forEach(a -> FhirPathStepConditions.requireValid(PathwayFixture.FHIR, a.expression()));
    }
  }

  /**
   * A skipped step's reason is "Not applicable: only when <description>.", so every condition's
   * description must be a clause stating what must hold for the step: lower case, not negated, no
   * full stop of its own.
   */
  @Test
  void everyConditionDescriptionReadsAsWhatMustHoldForTheStep() {
    int conditions = 0;
    for (String code : PATHWAYS) {
      for (StepDefinition step : PathwayFixture.definition(code).steps()) {
        if (step.applicability().isEmpty()) {
          continue;
        }
        conditions++;
        Applicability applicability = step.applicability().get();
        String description = applicability.description();
        assertThat(description)
            .as(code + "/" + step.code())
            .isNotBlank()
            .matches("^[a-z].*")
            .doesNotStartWith("not ")
            .doesNotContain(" not ")
            .doesNotEndWith(".");
        assertThat(FhirPathStepConditions.reason(applicability))
            .isEqualTo("Not applicable: only when " + description + ".");
      }
    }
    assertThat(conditions).as("conditions checked").isGreaterThanOrEqualTo(5);
  }

  @Test
  void timingsComeFromTheDefinition() {
    PathwayDefinition careHomes = PathwayFixture.definition("care-homes");
    assertThat(careHomes.requireStep("care-home-pcsp").timing())
        .isEqualTo(new StepTiming.WorkingDays(7));
    assertThat(careHomes.requireStep("care-home-pcsp").timedFrom()).isEqualTo(TimedFrom.ENROLMENT);
    assertThat(careHomes.requireStep("care-home-pcsp").after())
        .containsExactly("care-home-assessment");

    PathwayDefinition hot = PathwayFixture.definition("hot-clinic");
    assertThat(hot.requireStep("hot-clinic-accept").timing()).isEqualTo(StepTiming.After.hours(2));
    assertThat(hot.requireStep("copd-post-discharge-review").timing())
        .isEqualTo(new StepTiming.CalendarDays(42));
    assertThat(hot.requireStep("copd-post-discharge-review").timedFrom())
        .isEqualTo(TimedFrom.PREREQUISITES);
    assertThat(PathwayFixture.definition("diabetes").requireStep("diabetes-foot-team").event())
        .contains("active-foot-problem");
  }

  @Test
  void aDefinitionWithACycleOrAMissingPrerequisiteIsRefused() {
    Participant gp = new Participant("gp", "gp-practice");
    StepDefinition a = step("a", gp, List.of("b"));
    StepDefinition b = step("b", gp, List.of("a"));
    assertThatThrownBy(
            () -> new PathwayDefinition("x", "u", "1", "X", Optional.empty(), List.of(a, b)))
        .hasMessageContaining("wait for each other");
    assertThatThrownBy(
            () -> new PathwayDefinition("x", "u", "1", "X", Optional.empty(), List.of(a)))
        .hasMessageContaining("unknown step b");
  }

  private static StepDefinition step(String code, Participant participant, List<String> after) {
    return new StepDefinition(
        code,
        code,
        "u/" + code,
        participant,
        new StepTiming.CalendarDays(1),
        TimedFrom.PREREQUISITES,
        after,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
