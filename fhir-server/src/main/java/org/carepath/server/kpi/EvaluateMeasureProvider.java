package org.carepath.server.kpi;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.carepath.coordination.kpi.MeasureResult;
import org.carepath.coordination.kpi.PathwayMeasure;
import org.carepath.coordination.kpi.fhir.MeasureReportMapper;
import org.carepath.server.fhir.FhirOperationProvider;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code GET Measure/[id]/$evaluate-measure?periodStart=&periodEnd=[&subject=Organization/[id]]}
 * (the standard operation, http://hl7.org/fhir/OperationDefinition/Measure-evaluate-measure) for
 * Carepath's pathway KPIs: a summary MeasureReport (reportType {@code population}) with
 * denominator, numerator and score, in total and by GP practice, for the organisation (practice,
 * PCN or place) or everyone. Stores nothing. Translates and delegates to {@link Kpis}.
 */
class EvaluateMeasureProvider implements FhirOperationProvider {

  private final Kpis kpis;
  private final Clock clock;

  EvaluateMeasureProvider(Kpis kpis, Clock clock) {
    this.kpis = kpis;
    this.clock = clock;
  }

  @Operation(name = "$evaluate-measure", type = Measure.class, idempotent = true)
  public MeasureReport evaluate(
      @IdParam IdType measureId,
      @OperationParam(name = "periodStart", min = 1, max = 1) DateType periodStart,
      @OperationParam(name = "periodEnd", min = 1, max = 1) DateType periodEnd,
      @OperationParam(name = "reportType", max = 1) CodeType reportType,
      @OperationParam(name = "subject", max = 1) StringType subject,
      RequestDetails request) {
    PathwayMeasure measure =
        kpis.measure(measureId.getIdPart())
            .orElseThrow(
                () ->
                    new ResourceNotFoundException(
                        "Measure/"
                            + measureId.getIdPart()
                            + " is not a Carepath pathway KPI that this server evaluates"));
    if (reportType != null
        && reportType.hasValue()
        && !"population".equals(reportType.getValue())
        && !"summary".equals(reportType.getValue())) {
      throw new InvalidRequestException(
          "reportType "
              + reportType.getValue()
              + " is not supported: pathway KPIs are population"
              + " summaries (reportType population)");
    }
    LocalDate first = day(periodStart, "periodStart");
    LocalDate last = day(periodEnd, "periodEnd");
    if (last.isBefore(first)) {
      throw new InvalidRequestException("periodEnd is before periodStart");
    }
    MeasureResult result = kpis.evaluate(measure, first, last, organisation(subject), request);
    return MeasureReportMapper.toMeasureReport(result, clock.instant());
  }

  private static LocalDate day(DateType date, String name) {
    if (date == null || !date.hasValue()) {
      throw new InvalidRequestException(name + " is required (a date, e.g. 2026-04-01)");
    }
    return LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay());
  }

  private static Optional<String> organisation(StringType subject) {
    if (subject == null || !subject.hasValue()) {
      return Optional.empty();
    }
    IdType id = new IdType(subject.getValue());
    if (!"Organization".equals(id.getResourceType()) || !id.hasIdPart()) {
      throw new InvalidRequestException(
          "subject must be Organization/[id] (a practice, PCN or place): pathway KPIs are"
              + " reported for organisations, not for a patient or group");
    }
    return Optional.of(id.getIdPart());
  }
}
