package org.carepath.coordination.cds;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a clinician opening a patient's record in their own system should see from Carepath (CDS
 * Hooks {@code patient-view}): the pathway steps their organisation owns that are overdue or due
 * soon, referrals they sent that wait for acceptance or breach, advice received, severe frailty
 * without a personalised care and support plan, and end-of-life decisions and preferences recorded.
 * Each card says why — the rule and the data behind it. Read from what the caller may see of the
 * record; nothing is shown of what they may not.
 */
public final class PatientViewPolicy {

  /**
   * The card of a person with end-of-life decisions and preferences: it links the crisis summary.
   */
  public static final String END_OF_LIFE_RECORD = "end-of-life-record";

  /** Open work on the record: a pathway step or a referral's tracking Task. */
  public record Work(
      String id,
      String description,
      String status,
      Optional<String> owner,
      Optional<String> requester,
      Optional<Instant> due,
      Set<String> businessStatus,
      boolean referral) {
    public Work {
      businessStatus = Set.copyOf(businessStatus);
    }
  }

  /** What the record shows, as far as the caller may see it. */
  public record Record(
      List<Work> work,
      Optional<String> frailtyBand,
      Optional<Instant> frailtyScoredOn,
      boolean personalisedCarePlan,
      List<String> endOfLifeEntries) {
    public Record {
      work = List.copyOf(work);
      endOfLifeEntries = List.copyOf(endOfLifeEntries);
    }
  }

  /** How urgent a card is (CDS Hooks indicators). */
  public enum Indicator {
    INFO,
    WARNING,
    CRITICAL
  }

  /**
   * What a card says: the rule ({@code kind}), a one-line summary and why; and the pathway
   * accepting its suggestion enrols the patient in, if it offers one.
   */
  public record Card(
      String kind, Indicator indicator, String summary, String detail, Optional<String> enrolIn) {
    public Card(String kind, Indicator indicator, String summary, String detail) {
      this(kind, indicator, summary, detail, Optional.empty());
    }
  }

  /**
   * A pathway the patient is not enrolled in and its enrolment rule finds them eligible for, on the
   * record as the caller sees it.
   *
   * @param pathway the pathway's code
   * @param reason what the rule found, in a clinician's words
   */
  public record Offer(String pathway, String title, String reason) {}

  private static final Set<String> OPEN =
      Set.of("requested", "received", "accepted", "ready", "in-progress", "on-hold");

  private final Duration dueSoon;
  private final Set<String> offered;

  /**
   * @param dueSoon how far ahead a step counts as due soon
   */
  public PatientViewPolicy(Duration dueSoon) {
    this(dueSoon, Set.of());
  }

  /**
   * @param dueSoon how far ahead a step counts as due soon
   * @param offered the pathways a card may offer to enrol in: those the record alone decides
   *     (diabetes, frailty, end of life, care homes) — not those that start from an event or a
   *     clinician's judgement (a hospital discharge, an urgent HOT clinic referral), for which
   *     eligibility on the record is not a reason to enrol
   */
  public PatientViewPolicy(Duration dueSoon, Set<String> offered) {
    this.dueSoon = dueSoon;
    this.offered = Set.copyOf(offered);
  }

  /**
   * The cards for a caller acting for {@code organisations} (references {@code Organization/<id>}),
   * at {@code now}.
   */
  public List<Card> cards(Record record, Set<String> organisations, Instant now) {
    return cards(record, List.of(), organisations, now);
  }

  /**
   * The cards, with one offering to enrol the patient in each pathway of {@code offers} that may be
   * offered.
   */
  public List<Card> cards(
      Record record, List<Offer> offers, Set<String> organisations, Instant now) {
    List<Card> cards = new ArrayList<>();
    offers.stream()
        .filter(offer -> offered.contains(offer.pathway()))
        .map(PatientViewPolicy::offer)
        .forEach(cards::add);
    steps(record, organisations, now).ifPresent(cards::add);
    referrals(record, organisations, now).ifPresent(cards::add);
    advice(record, organisations).ifPresent(cards::add);
    frailty(record).ifPresent(cards::add);
    endOfLife(record).ifPresent(cards::add);
    return cards;
  }

  private Optional<Card> steps(Record record, Set<String> organisations, Instant now) {
    List<Work> ours =
        record.work().stream()
            .filter(w -> !w.referral() && OPEN.contains(w.status()))
            .filter(w -> w.owner().filter(organisations::contains).isPresent())
            .filter(w -> w.due().filter(due -> due.isBefore(now.plus(dueSoon))).isPresent())
            .sorted(Comparator.comparing(w -> w.due().orElseThrow()))
            .toList();
    if (ours.isEmpty()) {
      return Optional.empty();
    }
    long overdue = ours.stream().filter(w -> w.due().orElseThrow().isBefore(now)).count();
    String summary =
        overdue > 0
            ? overdue
                + " pathway step"
                + (overdue == 1 ? "" : "s")
                + " for your organisation overdue"
            : ours.size()
                + " pathway step"
                + (ours.size() == 1 ? "" : "s")
                + " for your organisation due soon";
    return Optional.of(
        new Card(
            "steps-due",
            overdue > 0 ? Indicator.WARNING : Indicator.INFO,
            summary,
            "Rule: open pathway steps your organisation owns, due before "
                + now.plus(dueSoon)
                + ".\n"
                + list(ours, now)));
  }

  private static Optional<Card> referrals(Record record, Set<String> organisations, Instant now) {
    List<Work> waiting =
        record.work().stream()
            .filter(
                w ->
                    w.referral()
                        && ("requested".equals(w.status()) || "received".equals(w.status())))
            .filter(w -> w.requester().filter(organisations::contains).isPresent())
            .toList();
    if (waiting.isEmpty()) {
      return Optional.empty();
    }
    boolean breaching = waiting.stream().anyMatch(w -> w.businessStatus().contains("breaching"));
    return Optional.of(
        new Card(
            "referrals-waiting",
            breaching ? Indicator.WARNING : Indicator.INFO,
            waiting.size()
                + " referral"
                + (waiting.size() == 1 ? "" : "s")
                + " you sent "
                + (breaching ? "not accepted in time" : "awaiting acceptance"),
            "Rule: referrals your organisation sent that the service has not yet accepted"
                + (breaching ? "; past the acceptance time (breaching)" : "")
                + ".\n"
                + list(waiting, now)));
  }

  private static Optional<Card> advice(Record record, Set<String> organisations) {
    List<Work> advised =
        record.work().stream()
            .filter(w -> w.referral() && w.businessStatus().contains("advice-given"))
            .filter(w -> w.requester().filter(organisations::contains).isPresent())
            .toList();
    if (advised.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Card(
            "advice-received",
            Indicator.INFO,
            "Advice received on " + advised.size() + " referral" + (advised.size() == 1 ? "" : "s"),
            "Rule: a service answered your referral with advice and guidance.\n"
                + list(advised, null)));
  }

  private static Optional<Card> frailty(Record record) {
    if (!record.frailtyBand().filter("severe"::equals).isPresent()
        || record.personalisedCarePlan()) {
      return Optional.empty();
    }
    return Optional.of(
        new Card(
            "severe-frailty-without-pcsp",
            Indicator.WARNING,
            "Severe frailty and no personalised care and support plan",
            "Rule: severe frailty on the electronic frailty index"
                + record.frailtyScoredOn().map(on -> " (scored " + on + ")").orElse("")
                + " and no active CarePlan of category pcsp (NHS England: a personalised care and"
                + " support plan for everyone with severe frailty)."));
  }

  private static Card offer(Offer offer) {
    return new Card(
        "eligible-not-enrolled",
        Indicator.INFO,
        "Eligible for " + offer.title() + ", not enrolled",
        "Rule: the "
            + offer.title()
            + " pathway's enrolment rule finds the patient eligible: "
            + offer.reason()
            + " They are not enrolled. Accepting the suggestion enrols them: the pathway's first"
            + " steps go to their owners.",
        Optional.of(offer.pathway()));
  }

  private static Optional<Card> endOfLife(Record record) {
    if (record.endOfLifeEntries().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Card(
            END_OF_LIFE_RECORD,
            Indicator.INFO,
            "End-of-life decisions and preferences recorded",
            "Rule: an end-of-life record exists; read it before deciding care in a crisis.\n- "
                + String.join("\n- ", record.endOfLifeEntries())));
  }

  private static String list(List<Work> work, Instant now) {
    StringBuilder text = new StringBuilder();
    for (Work w : work) {
      text.append("- ").append(w.description());
      w.due()
          .ifPresent(
              due ->
                  text.append(now != null && due.isBefore(now) ? " (was due " : " (due ")
                      .append(due)
                      .append(")"));
      text.append('\n');
    }
    return text.toString().stripTrailing();
  }
}
