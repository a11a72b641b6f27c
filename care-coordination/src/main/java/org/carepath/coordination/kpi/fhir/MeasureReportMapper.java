package org.carepath.coordination.kpi.fhir;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.carepath.coordination.kpi.MeasureResult;
import org.carepath.coordination.kpi.Proportion;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * A summary MeasureReport of a pathway KPI: denominator and numerator counts with the proportion as
 * the score, in total and stratified by GP practice.
 */
public final class MeasureReportMapper {

  static final String POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population";

  private MeasureReportMapper() {}

  /** {@code end} is the instant after the period; the report's period ends a millisecond before. */
  public static MeasureReport toMeasureReport(MeasureResult result, Instant generated) {
    MeasureReport report = new MeasureReport();
    report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
    report.setType(MeasureReport.MeasureReportType.SUMMARY);
    report.setMeasure(result.measure().canonical());
    report.setDate(Date.from(generated));
    report.setPeriod(
        new Period()
            .setStart(Date.from(result.start()))
            .setEnd(Date.from(result.end().minusMillis(1))));
    result.scope().ifPresent(scope -> report.setReporter(new Reference(scope)));
    report.setImprovementNotation(
        new CodeableConcept(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/measure-improvement-notation",
                "increase",
                "Increased score indicates improvement")));
    MeasureReport.MeasureReportGroupComponent group = report.addGroup();
    Proportion total = result.total();
    group.addPopulation().setCode(population("denominator")).setCount(total.denominator());
    group.addPopulation().setCode(population("numerator")).setCount(total.numerator());
    total.score().ifPresent(score -> group.setMeasureScore(score(score)));
    MeasureReport.MeasureReportGroupStratifierComponent stratifier = group.addStratifier();
    stratifier.addCode().setText("GP practice");
    for (Map.Entry<String, Proportion> practice : result.byPractice().entrySet()) {
      Proportion counts = practice.getValue();
      var stratum = stratifier.addStratum();
      stratum.setValue(new CodeableConcept().setText(practice.getKey()));
      stratum.addPopulation().setCode(population("denominator")).setCount(counts.denominator());
      stratum.addPopulation().setCode(population("numerator")).setCount(counts.numerator());
      counts.score().ifPresent(score -> stratum.setMeasureScore(score(score)));
    }
    return report;
  }

  private static CodeableConcept population(String code) {
    return new CodeableConcept(new Coding(POPULATION, code, null));
  }

  private static Quantity score(double score) {
    return new Quantity().setValue(BigDecimal.valueOf(score).setScale(4, RoundingMode.HALF_UP));
  }
}
