package org.carepath.coordination.risk;

import java.util.List;

/**
 * An electronic frailty index result: the score (deficits found / deficits in the index), its band,
 * and each deficit found with the records that evidence it.
 */
public record FrailtyScore(
    double score, FrailtyBands.Band band, int deficitCount, List<DeficitFound> deficits) {

  /** A deficit found and the references of the records that evidence it. */
  public record DeficitFound(String deficit, List<String> evidence) {}

  public FrailtyScore {
    deficits = List.copyOf(deficits);
  }

  /** The score as the eFI is reported: two decimals. */
  public double reportedScore() {
    return Math.round(score * 100) / 100.0;
  }

  /** Every record used as evidence, once. */
  public List<String> evidence() {
    return deficits.stream().flatMap(d -> d.evidence().stream()).distinct().toList();
  }
}
