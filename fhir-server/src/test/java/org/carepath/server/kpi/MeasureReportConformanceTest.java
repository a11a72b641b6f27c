package org.carepath.server.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carepath.coordination.kpi.MeasureResult;
import org.carepath.coordination.kpi.PathwayMeasure;
import org.carepath.coordination.kpi.Proportion;
import org.carepath.coordination.kpi.fhir.MeasureReportMapper;
import org.carepath.coordination.kpi.fhir.PathwayMeasureReader;
import org.carepath.server.conformance.CarepathValidator;
import org.carepath.server.conformance.ConformancePackage;
import org.carepath.server.support.PackageValidator;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.junit.jupiter.api.Test;

/**
 * What {@code $evaluate-measure} answers is valid FHIR R4 under the full instance validator, for
 * every published pathway KPI, with and without a score and strata.
 */
class MeasureReportConformanceTest {

  @Test
  void everyKpiReportIsAValidMeasureReport() {
    FhirContext fhir = FhirContext.forR4Cached();
    List<ConformancePackage.Entry> entries = ConformancePackage.load(fhir);
    CarepathValidator validator = PackageValidator.get();
    List<PathwayMeasure> measures =
        entries.stream()
            .map(ConformancePackage.Entry::resource)
            .filter(Measure.class::isInstance)
            .map(r -> PathwayMeasureReader.read((Measure) r).orElseThrow())
            .toList();
    assertThat(measures).hasSize(11);
    for (PathwayMeasure measure : measures) {
      for (Map<String, Proportion> byPractice :
          List.of(
              Map.<String, Proportion>of(),
              Map.of(
                  "Organization/demo-practice-1", new Proportion(0, 0),
                  "Organization/demo-practice-2", new Proportion(3, 7)))) {
        MeasureReport report =
            MeasureReportMapper.toMeasureReport(
                new MeasureResult(
                    measure,
                    Optional.of("Organization/demo-pcn-1"),
                    Instant.parse("2026-04-01T00:00:00Z"),
                    Instant.parse("2026-10-01T00:00:00Z"),
                    byPractice),
                Instant.parse("2026-11-23T09:00:00Z"));
        var result = validator.validate(report, List.of());
        assertThat(CarepathValidator.hasErrors(result))
            .as(
                "%s: %s",
                measure.id(),
                result.getMessages().stream()
                    .filter(CarepathValidator::isError)
                    .map(m -> m.getLocationString() + ": " + m.getMessage())
                    .toList())
            .isFalse();
      }
    }
  }
}
