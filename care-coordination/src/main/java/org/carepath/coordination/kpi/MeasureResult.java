package org.carepath.coordination.kpi;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A KPI evaluated for a period and scope: the counts by GP practice (the patient's registered
 * practice, {@code Organization/<id>}) and in total.
 *
 * @param scope the organisation reported on ({@code Organization/<id>}), empty for everyone
 * @param start the period's first instant
 * @param end the instant after the period
 */
public record MeasureResult(
    PathwayMeasure measure,
    Optional<String> scope,
    Instant start,
    Instant end,
    Map<String, Proportion> byPractice) {

  public MeasureResult {
    byPractice = new TreeMap<>(byPractice);
  }

  public Proportion total() {
    return byPractice.values().stream().reduce(Proportion.NONE, Proportion::plus);
  }
}
