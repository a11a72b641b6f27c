package org.carepath.coordination.risk;

import java.util.Optional;
import org.carepath.coordination.risk.FrailtyBands.Band;

/**
 * When a frailty result should prompt a care coordinator: a change into severe frailty (from
 * another band, or a first result that is severe) suggests an MDT case review and a personalised
 * care and support plan (PATHWAYS.md §5). Staying severe does not suggest again. A suggestion is
 * never an end-of-life label or an enrolment: a person decides.
 */
public final class SevereFrailtySuggestionPolicy {

  /** The policy's decision. */
  public sealed interface Decision permits Suggest, NoSuggestion {}

  /** Suggest a review, and why. */
  public record Suggest(String reason) implements Decision {}

  /** Nothing to suggest, and why not. */
  public record NoSuggestion(String reason) implements Decision {}

  public Decision decide(Optional<Band> previous, FrailtyScore current) {
    if (current.band() != Band.SEVERE) {
      return new NoSuggestion("not severely frail");
    }
    if (previous.filter(band -> band == Band.SEVERE).isPresent()) {
      return new NoSuggestion("already severely frail at the last assessment");
    }
    return new Suggest(
        "Electronic frailty index "
            + current.reportedScore()
            + " (severe, "
            + current.deficits().size()
            + " of "
            + current.deficitCount()
            + " deficits)"
            + previous.map(band -> ", up from " + band.code()).orElse("")
            + ": consider an MDT case review and a personalised care and support plan.");
  }
}
