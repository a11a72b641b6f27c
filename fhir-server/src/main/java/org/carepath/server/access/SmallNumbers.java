package org.carepath.server.access;

import java.util.List;
import org.carepath.coordination.access.SmallNumberPolicy;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Quantity;

/**
 * Withholds small numbers ({@link SmallNumberPolicy}) in an aggregate answer: a MeasureReport's
 * population counts (and the group's or stratum's score computed from them) and the integer counts
 * of an operation's Parameters (run summaries, worklist totals), also inside Bundles. A withheld
 * value is left out and marked with FHIR's {@code data-absent-reason} extension, code {@code
 * masked}, so a reader sees that a value exists and why it is not shown.
 */
class SmallNumbers {

  static final String DATA_ABSENT_REASON =
      "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

  private final SmallNumberPolicy policy;

  SmallNumbers(SmallNumberPolicy policy) {
    this.policy = policy;
  }

  /** Withholds the small numbers in {@code resource}, in place. */
  void withhold(IBaseResource resource) {
    if (resource instanceof MeasureReport report) {
      report.getGroup().forEach(this::withhold);
    } else if (resource instanceof Parameters parameters) {
      withholdIn(parameters.getParameter());
    } else if (resource instanceof Bundle bundle) {
      bundle.getEntry().stream()
          .filter(Bundle.BundleEntryComponent::hasResource)
          .forEach(entry -> withhold(entry.getResource()));
    }
  }

  private void withhold(MeasureReport.MeasureReportGroupComponent group) {
    boolean withheld = false;
    for (MeasureReport.MeasureReportGroupPopulationComponent population : group.getPopulation()) {
      withheld |= withholdCount(population.getCountElement());
    }
    for (MeasureReport.MeasureReportGroupStratifierComponent stratifier : group.getStratifier()) {
      for (MeasureReport.StratifierGroupComponent stratum : stratifier.getStratum()) {
        boolean stratumWithheld = false;
        for (MeasureReport.StratifierGroupPopulationComponent population :
            stratum.getPopulation()) {
          stratumWithheld |= withholdCount(population.getCountElement());
        }
        if (stratumWithheld && stratum.hasMeasureScore()) {
          mask(stratum.getMeasureScore());
        }
      }
    }
    if (withheld && group.hasMeasureScore()) {
      mask(group.getMeasureScore());
    }
  }

  private void withholdIn(List<Parameters.ParametersParameterComponent> parameters) {
    for (Parameters.ParametersParameterComponent parameter : parameters) {
      if (parameter.getValue() instanceof IntegerType count) {
        withholdCount(count);
      }
      if (parameter.hasResource()) {
        withhold(parameter.getResource());
      }
      withholdIn(parameter.getPart());
    }
  }

  private boolean withholdCount(IntegerType count) {
    if (count.getValue() == null || !policy.withholds(count.getValue())) {
      return false;
    }
    count.setValue(null);
    count.addExtension(DATA_ABSENT_REASON, new CodeType("masked"));
    return true;
  }

  private static void mask(Quantity score) {
    score.setValueElement(new org.hl7.fhir.r4.model.DecimalType());
    score.addExtension(DATA_ABSENT_REASON, new CodeType("masked"));
  }
}
