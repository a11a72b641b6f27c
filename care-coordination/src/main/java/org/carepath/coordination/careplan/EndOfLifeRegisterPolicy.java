package org.carepath.coordination.careplan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The end-of-life register of a practice (the palliative care register of general practice,
 * EPaCCS-style): the people on the end-of-life pathway, each with when they joined and, once their
 * enrolment has ended, when they left. It is fed by the pathway alone: an enrolment that becomes
 * active joins its person, one that is completed or revoked (died, discharged, no longer in their
 * last year of life) closes their membership, one entered in error takes back the membership it
 * opened. A pause (on hold) changes nothing.
 */
public final class EndOfLifeRegisterPolicy {

  /** Why a user may not write a register themselves: the pathway alone keeps it. */
  public static final String KEPT_BY_THE_PATHWAY =
      "The end-of-life register is kept by the end-of-life pathway: enrol the person on it, or end"
          + " their enrolment, rather than writing the register.";

  /** One person's time on the register; {@code until} is empty while they are on it. */
  public record Member(String patient, Instant since, Optional<Instant> until) {
    public boolean current() {
      return until.isEmpty();
    }
  }

  /** What an enrolment's new state does to the register, with the reason. */
  public sealed interface Change {
    String patient();

    String reason();

    record Join(String patient, Instant since, String reason) implements Change {}

    record Leave(String patient, Instant until, String reason) implements Change {}

    record Withdraw(String patient, String reason) implements Change {}

    record None(String patient, String reason) implements Change {}
  }

  /**
   * The change an end-of-life enrolment's status makes.
   *
   * @param status the enrolment's (CarePlan's) status code, as FHIR names it
   * @param previousStatus the status of the version it replaces, empty when it is new
   * @param start when the enrolment started, if recorded
   * @param end when it ended, if recorded
   * @param now the time of the change, for a start or end not recorded
   */
  public Change forEnrolment(
      String patient,
      String status,
      Optional<String> previousStatus,
      Optional<Instant> start,
      Optional<Instant> end,
      Instant now) {
    if (previousStatus.isPresent() && previousStatus.get().equals(status)) {
      return new Change.None(patient, "The enrolment's status is unchanged (" + status + ").");
    }
    return switch (status) {
      case "active" ->
          new Change.Join(
              patient, start.orElse(now), "Enrolled on the end-of-life pathway: on the register.");
      case "completed", "revoked" ->
          new Change.Leave(
              patient,
              end.orElse(now),
              "The end-of-life pathway ended (" + status + "): off the register from then.");
      case "entered-in-error" ->
          new Change.Withdraw(
              patient, "The enrolment was entered in error: it never put them on the register.");
      default ->
          new Change.None(
              patient, "An enrolment " + status + " neither adds to nor ends a membership.");
    };
  }

  /**
   * The register after {@code change}: a person joins once (a second active enrolment keeps the
   * first date); leaving closes their current membership; a withdrawal removes it; earlier
   * memberships (they left and joined again) stay as history.
   */
  public List<Member> apply(List<Member> members, Change change) {
    List<Member> after = new ArrayList<>(members);
    Optional<Member> current =
        members.stream()
            .filter(m -> m.patient().equals(change.patient()) && m.current())
            .findFirst();
    if (change instanceof Change.Join join) {
      if (current.isEmpty()) {
        after.add(new Member(join.patient(), join.since(), Optional.empty()));
      }
    } else if (change instanceof Change.Leave leave && current.isPresent()) {
      Member member = current.get();
      Instant until = leave.until().isBefore(member.since()) ? member.since() : leave.until();
      after.set(
          after.indexOf(member), new Member(member.patient(), member.since(), Optional.of(until)));
    } else if (change instanceof Change.Withdraw && current.isPresent()) {
      after.remove(current.get());
    }
    return after;
  }

  /** How many people are on the register now. */
  public static long current(List<Member> members) {
    return members.stream().filter(Member::current).count();
  }
}
