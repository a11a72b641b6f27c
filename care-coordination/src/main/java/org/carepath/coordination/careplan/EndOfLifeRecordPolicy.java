package org.carepath.coordination.careplan;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.terminology.Code;

/**
 * What an end-of-life record entry must say to be relied on in a crisis (EPaCCS; seed 001: 111,
 * ambulance and out-of-hours services act on it): a resuscitation decision (ReSPECT / DNACPR) names
 * who made it and when, and with whom it was discussed — the person, those close to them or their
 * legal proxy, or why it was not (Tracey v Cambridge University Hospitals, 2014: a DNACPR decision
 * is discussed with the patient unless that would harm them) — and a review date, if it has one, is
 * not before the decision; a preferred or actual place of care or death is a known place.
 */
public final class EndOfLifeRecordPolicy {

  /** The kinds of entry, as the end-of-life preference type codes them. */
  public static final String RESUSCITATION_DECISION = "resuscitation-decision";

  /** Observation.component codes of a resuscitation decision (end-of-life preference types). */
  public static final String DISCUSSED_WITH = "discussed-with";

  public static final String REVIEW_DATE = "review-date";

  public static final Set<String> PLACES =
      Set.of("preferred-place-of-care", "preferred-place-of-death", "actual-place-of-death");

  /**
   * One entry as recorded: its kind, whether it names its decision-maker, its date, its place, and
   * for a resuscitation decision whether it records with whom it was discussed and its review date.
   */
  public record Entry(
      String kind,
      boolean namesDecisionMaker,
      Optional<LocalDate> decided,
      Set<Code> placeCodes,
      boolean recordsDiscussion,
      Optional<LocalDate> reviewBy) {

    /** An entry that is not a resuscitation decision (no discussion, no review date). */
    public Entry(
        String kind,
        boolean namesDecisionMaker,
        Optional<LocalDate> decided,
        Set<Code> placeCodes) {
      this(kind, namesDecisionMaker, decided, placeCodes, false, Optional.empty());
    }
  }

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
    if (RESUSCITATION_DECISION.equals(entry.kind())) {
      if (!entry.namesDecisionMaker() || entry.decided().isEmpty()) {
        return new Decision.Rejected(
            "A resuscitation decision (ReSPECT / DNACPR) names who made it (Observation.performer)"
                + " and when (Observation.effective): crisis services act on it.");
      }
      if (!entry.recordsDiscussion()) {
        return new Decision.Rejected(
            "A resuscitation decision records with whom it was discussed (component "
                + DISCUSSED_WITH
                + ": the person, those close to them or their legal proxy — or, as text, why it"
                + " was not discussed).");
      }
      if (entry.reviewBy().filter(review -> review.isBefore(entry.decided().get())).isPresent()) {
        return new Decision.Rejected(
            "A resuscitation decision's review date ("
                + entry.reviewBy().get()
                + ") is not before the decision ("
                + entry.decided().get()
                + ").");
      }
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
