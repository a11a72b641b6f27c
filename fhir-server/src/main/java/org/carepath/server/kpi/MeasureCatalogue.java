package org.carepath.server.kpi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carepath.coordination.kpi.PathwayMeasure;
import org.carepath.coordination.kpi.fhir.PathwayMeasureReader;
import org.hl7.fhir.r4.model.Measure;

/** The pathway KPIs the package publishes, read and checked at start-up, found by Measure id. */
class MeasureCatalogue {

  private final Map<String, PathwayMeasure> byId = new LinkedHashMap<>();

  MeasureCatalogue(List<Measure> measures) {
    for (Measure measure : measures) {
      PathwayMeasureReader.read(measure).ifPresent(m -> byId.put(m.id(), m));
    }
  }

  Optional<PathwayMeasure> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }
}
