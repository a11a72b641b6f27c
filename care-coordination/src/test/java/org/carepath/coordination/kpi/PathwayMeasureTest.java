package org.carepath.coordination.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.carepath.coordination.kpi.fhir.MeasureReportMapper;
import org.carepath.coordination.kpi.fhir.PathwayMeasureReader;
import org.carepath.coordination.pathway.PathwayDefinition;
import org.carepath.coordination.pathway.StepDefinition;
import org.carepath.coordination.pathway.fhir.PathwayDefinitionReader;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class PathwayMeasureTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  /** Every KPI the package publishes (PATHWAYS.md's KPI lines that steps can answer). */
  private static final List<String> MEASURES =
      List.of(
          "care-homes-pcsp-within-7-working-days",
          "care-homes-advance-care-plan",
          "care-homes-medication-review",
          "hot-clinic-seen-same-day",
          "hot-clinic-discharged-same-day",
          "copd-six-week-review",
          "diabetes-all-care-processes",
          "diabetes-foot-team-within-1-working-day",
          "end-of-life-acp-within-28-days",
          "end-of-life-died-in-preferred-place",
          "frailty-pcsp");

  @Test
  void everyPublishedMeasureNamesARuleAndStepsOfItsPathway() {
    Set<String> outcomes =
        read("terminology", "CodeSystem-step-outcome.json", CodeSystem.class).getConcept().stream()
            .map(CodeSystem.ConceptDefinitionComponent::getCode)
            .collect(Collectors.toSet());
    for (String id : MEASURES) {
      Measure published = read("profiles", "Measure-" + id + ".json", Measure.class);
      PathwayMeasure measure = PathwayMeasureReader.read(published).orElseThrow();
      assertThat(measure.id()).isEqualTo(id);
      assertThat(measure.canonical())
          .isEqualTo("https://fhir.carepath.org/Measure/" + id + "|0.1.0");
      PathwayDefinition pathway = pathway(measure.pathway());
      Set<String> steps =
          pathway.steps().stream().map(StepDefinition::code).collect(Collectors.toSet());
      assertThat(steps).as(id).containsAll(measure.steps());
      measure.outcome().ifPresent(outcome -> assertThat(outcomes).as(id).contains(outcome));
    }
  }

  @Test
  void aMeasureThatDoesNotGiveWhatItsRuleNeedsIsRefused() {
    assertThatThrownBy(
            () ->
                new PathwayMeasure(
                    "m",
                    "u",
                    "M",
                    MeasureRule.STEP_ON_TIME,
                    "care-homes",
                    List.of("a", "b"),
                    Optional.empty()))
        .isInstanceOf(PathwayMeasure.InvalidMeasureException.class)
        .hasMessageContaining("exactly one step");
    assertThatThrownBy(
            () ->
                new PathwayMeasure(
                    "m",
                    "u",
                    "M",
                    MeasureRule.STEP_OUTCOME,
                    "hot-clinic",
                    List.of("hot-clinic-outcome"),
                    Optional.empty()))
        .hasMessageContaining("an outcome");
    Measure unknownRule = read("profiles", "Measure-frailty-pcsp.json", Measure.class);
    unknownRule
        .getExtensionByUrl(PathwayMeasureReader.EXTENSION)
        .getExtensionsByUrl("rule")
        .get(0)
        .setValue(new org.hl7.fhir.r4.model.CodeType("median-wait"));
    assertThatThrownBy(() -> PathwayMeasureReader.read(unknownRule))
        .hasMessageContaining("unknown rule median-wait");
  }

  @Test
  void aProportionScoresOnlyWithADenominator() {
    assertThat(new Proportion(3, 4).score()).contains(0.75);
    assertThat(Proportion.NONE.score()).isEmpty();
    assertThat(new Proportion(1, 2).plus(new Proportion(2, 2))).isEqualTo(new Proportion(3, 4));
    assertThatThrownBy(() -> new Proportion(3, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theReportCarriesCountsAndScoreInTotalAndByPractice() {
    PathwayMeasure measure =
        PathwayMeasureReader.read(
                read("profiles", "Measure-end-of-life-died-in-preferred-place.json", Measure.class))
            .orElseThrow();
    MeasureResult result =
        new MeasureResult(
            measure,
            Optional.of("Organization/demo-pcn-1"),
            Instant.parse("2026-03-31T23:00:00Z"),
            Instant.parse("2027-03-31T23:00:00Z"),
            Map.of(
                "Organization/demo-practice-1", new Proportion(1, 2),
                "Organization/demo-practice-2", new Proportion(2, 2)));

    MeasureReport report =
        MeasureReportMapper.toMeasureReport(result, Instant.parse("2026-11-23T09:00:00Z"));

    assertThat(report.getMeasure())
        .isEqualTo("https://fhir.carepath.org/Measure/end-of-life-died-in-preferred-place|0.1.0");
    assertThat(report.getType()).isEqualTo(MeasureReport.MeasureReportType.SUMMARY);
    assertThat(report.getReporter().getReference()).isEqualTo("Organization/demo-pcn-1");
    assertThat(report.getPeriod().getEnd().toInstant())
        .isEqualTo(Instant.parse("2027-03-31T22:59:59.999Z"));
    var group = report.getGroupFirstRep();
    assertThat(group.getPopulation())
        .extracting(p -> p.getCode().getCodingFirstRep().getCode() + "=" + p.getCount())
        .containsExactly("denominator=4", "numerator=3");
    assertThat(group.getMeasureScore().getValue()).isEqualByComparingTo("0.75");
    var strata = group.getStratifierFirstRep().getStratum();
    assertThat(strata)
        .extracting(s -> s.getValue().getText() + ":" + s.getMeasureScore().getValue())
        .containsExactly(
            "Organization/demo-practice-1:0.5000", "Organization/demo-practice-2:1.0000");
  }

  private static PathwayDefinition pathway(String code) {
    return PathwayDefinitionReader.read(
        read("profiles", "PlanDefinition-" + code + ".json", PlanDefinition.class),
        url ->
            Optional.of(
                read(
                    "profiles",
                    "ActivityDefinition-" + url.substring(url.lastIndexOf('/') + 1) + ".json",
                    ActivityDefinition.class)));
  }

  private static <T extends Resource> T read(String folder, String file, Class<T> type) {
    try (InputStream in =
        PathwayMeasureTest.class
            .getClassLoader()
            .getResourceAsStream("carepath/" + folder + "/" + file)) {
      assertThat(in).as(file).isNotNull();
      return FHIR.newJsonParser().parseResource(type, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
