package org.carepath.coordination.careplan;

import java.util.Set;
import org.carepath.coordination.terminology.Code;

/**
 * What an end-of-life record entry must say to be relied on in a crisis (EPaCCS; seed 001: 111,
 * ambulance and out-of-hours services act on it): a resuscitation decision (ReSPECT / DNACPR) names
 * who made it and when; a preferred or actual place of care or death is a known place.
 */
public final class EndOfLifeRecordPolicy {

  /** The kinds of entry, as the end-of-life preference type codes them. */
  public static final String RESUSCITATION_DECISION = "resuscitation-decision";

  public static final Set<String> PLACES =
      Set.of("preferred-place-of-care", "preferred-place-of-death", "actual-place-of-death");

  /** One entry as recorded: its kind, whether it names its decision-maker and date, its place. */
  public record Entry(
      String kind, boolean namesDecisionMaker, boolean dated, Set<Code> placeCodes) {}

  /** Whether the entry may be stored, with the reason when not. */
  public sealed interface Decision {
    record Accepted() implements Decision {}

    record Rejected(String reason) implements Decision {}
  }

  private final Set<Code> knownPlaces;
  private final String knownPlacesLabel;

  /**
   * @param knownPlaces the places of care and death
   * @param knownPlacesLabel how to name them in a reason (e.g. the ValueSet's canonical URL)
   */
  public EndOfLifeRecordPolicy(Set<Code> knownPlaces, String knownPlacesLabel) {
    this.knownPlaces = Set.copyOf(knownPlaces);
    this.knownPlacesLabel = knownPlacesLabel;
  }

  public Decision check(Entry entry) {
    if (RESUSCITATION_DECISION.equals(entry.kind())
        && (!entry.namesDecisionMaker() || !entry.dated())) {
      return new Decision.Rejected(
          "A resuscitation decision (ReSPECT / DNACPR) names who made it (Observation.performer)"
              + " and when (Observation.effective): crisis services act on it.");
    }
    if (PLACES.contains(entry.kind())) {
      if (entry.placeCodes().stream().noneMatch(knownPlaces::contains)) {
        return new Decision.Rejected(
            "A place of care or death is coded from "
                + knownPlacesLabel
                + "; none of its codes is a known place.");
      }
    }
    return new Decision.Accepted();
  }
}
