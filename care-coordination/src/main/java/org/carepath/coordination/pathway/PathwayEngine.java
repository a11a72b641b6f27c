package org.carepath.coordination.pathway;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.carepath.coordination.pathway.Enrolment.EnrolmentStatus;
import org.carepath.coordination.pathway.StepDefinition.TimedFrom;

/**
 * Runs pathways: works out an enrolment's steps, moves them on when participants update them, adds
 * the steps an event starts, and ends enrolments. Pure: it is given the definition, the enrolment
 * as stored, the time, and ports for applicability and owners; it answers with the enrolment as it
 * should be stored next.
 *
 * <p>Rules: a step waits until every prerequisite is completed, then opens (due from the enrolment
 * or from its last prerequisite, per its timing) or is skipped with the reason its applicability
 * gives; a step whose prerequisite was declined, cancelled or skipped is skipped, saying which; an
 * ended step never reopens; declining or cancelling needs a reason; a completed step that recurs
 * opens its next occurrence; the pathway completes when every step has ended.
 */
public final class PathwayEngine {

  private final ZoneId zone;
  private final WorkingCalendar calendar;

  public PathwayEngine(ZoneId zone, WorkingCalendar calendar) {
    this.zone = zone;
    this.calendar = calendar;
  }

  /** When a step timed from {@code start} is due. */
  public Instant due(StepTiming timing, Instant start) {
    return timing.dueFrom(start, zone, calendar);
  }

  /** A new enrolment starting at {@code start} (not yet stored). */
  public Enrolment enrol(
      PathwayDefinition pathway,
      String patient,
      Instant start,
      StepConditions conditions,
      StepOwners owners) {
    Enrolment enrolment =
        new Enrolment(
            Optional.empty(),
            patient,
            pathway.code(),
            start,
            EnrolmentStatus.ACTIVE,
            Optional.empty(),
            List.of());
    List<Step> steps = new ArrayList<>();
    for (StepDefinition step : pathway.steps()) {
      if (step.startedByEvent()) {
        continue;
      }
      Optional<String> owner = owners.ownerFor(step.participant());
      if (step.after().isEmpty()) {
        Optional<String> whyNot = conditions.whyNotApplicable(step, enrolment);
        steps.add(
            whyNot.isPresent()
                ? Step.skipped(step.code(), owner, start, whyNot.get())
                : Step.ready(step.code(), owner, due(step.timing(), start)));
      } else {
        // A step timed from enrolment has its due date while it waits (for worklists' "waiting
        // for" and the KPIs: a step never opened by 7 working days is still late).
        Optional<Instant> due =
            step.timedFrom() == TimedFrom.ENROLMENT
                ? Optional.of(due(step.timing(), start))
                : Optional.empty();
        steps.add(Step.waiting(step.code(), owner, due));
      }
    }
    return settle(pathway, enrolment.withSteps(steps), start, conditions);
  }

  /** Applies a participant's update to one step, or says why it is refused. */
  public StepDecision update(
      PathwayDefinition pathway,
      Enrolment enrolment,
      StepUpdate update,
      Instant now,
      StepConditions conditions) {
    Optional<Step> found = enrolment.stepWithId(update.stepId());
    if (found.isEmpty()) {
      return new StepDecision.Rejected("The task is not a step of this pathway enrolment.");
    }
    Step step = found.get();
    String name = pathway.requireStep(step.code()).display();
    if (step.status() == update.to()) {
      return new StepDecision.Applied(enrolment);
    }
    if (!enrolment.isActive()) {
      return new StepDecision.Rejected(
          "The pathway enrolment has ended ("
              + enrolment.status().name().toLowerCase()
              + "): its steps cannot change.");
    }
    if (step.status().hasEnded()) {
      return new StepDecision.Rejected(
          "'"
              + name
              + "' is already "
              + step.status().label()
              + ": an ended step cannot be reopened; record what happened in a new step.");
    }
    if (step.status() == StepStatus.WAITING
        && update.to() != StepStatus.CANCELLED
        && update.to() != StepStatus.WAITING) {
      return new StepDecision.Rejected(
          "'"
              + name
              + "' cannot start yet: it waits for "
              + openPrerequisites(pathway, enrolment, step)
              + " to be completed.");
    }
    if (update.to() == StepStatus.WAITING) {
      return new StepDecision.Rejected(
          "'" + name + "' has started; it cannot go back to waiting for its prerequisites.");
    }
    if ((update.to() == StepStatus.DECLINED || update.to() == StepStatus.CANCELLED)
        && update.reason().isEmpty()) {
      return new StepDecision.Rejected(
          "Declining or cancelling '" + name + "' needs a reason (Task.statusReason).");
    }
    if (update.to() == StepStatus.SKIPPED) {
      return new StepDecision.Rejected("Only the pathway engine skips steps.");
    }
    Enrolment next =
        update.to().hasEnded()
            ? enrolment.replace(step, s -> s.end(update.to(), now, update.reason()))
            : enrolment.replace(step, s -> s.moveTo(update.to()));
    StepDefinition definition = pathway.requireStep(step.code());
    if (update.to() == StepStatus.COMPLETED && definition.recurs().isPresent()) {
      next = next.add(Step.ready(step.code(), step.owner(), due(definition.recurs().get(), now)));
    }
    return new StepDecision.Applied(settle(pathway, next, now, conditions));
  }

  /**
   * The steps an event starts (e.g. an A&E attendance starts a specialist nurse follow-up), unless
   * one is already open or the step does not apply. Nothing changes if the enrolment has ended.
   */
  public Enrolment raise(
      PathwayDefinition pathway,
      Enrolment enrolment,
      String event,
      Instant at,
      StepConditions conditions,
      StepOwners owners) {
    if (!enrolment.isActive()) {
      return enrolment;
    }
    Enrolment next = enrolment;
    for (StepDefinition step : pathway.steps()) {
      if (!step.event().equals(Optional.of(event))) {
        continue;
      }
      boolean alreadyOpen = next.latest(step.code()).filter(s -> s.status().isOpen()).isPresent();
      if (!alreadyOpen && conditions.whyNotApplicable(step, next).isEmpty()) {
        next =
            next.add(
                Step.ready(
                    step.code(), owners.ownerFor(step.participant()), due(step.timing(), at)));
      }
    }
    return next;
  }

  /**
   * Ends an enrolment early (death, moving away, the patient's decision): every open or waiting
   * step is cancelled with {@code reason}. If the pathway has steps for {@code closingEvent} (e.g.
   * recording the actual place of death) they open and the enrolment completes when they are done.
   */
  public Enrolment end(
      PathwayDefinition pathway,
      Enrolment enrolment,
      String reason,
      Instant at,
      Optional<String> closingEvent,
      StepConditions conditions,
      StepOwners owners) {
    if (!enrolment.isActive()) {
      return enrolment;
    }
    List<Step> steps = new ArrayList<>();
    for (Step step : enrolment.steps()) {
      steps.add(
          step.status().hasEnded()
              ? step
              : step.end(StepStatus.CANCELLED, at, Optional.of(reason)));
    }
    Enrolment next = enrolment.withSteps(steps);
    boolean closes =
        closingEvent.isPresent()
            && pathway.steps().stream().anyMatch(s -> s.event().equals(closingEvent));
    if (!closes) {
      return next.withStatus(EnrolmentStatus.ENDED, Optional.of(reason));
    }
    return raise(pathway, next, closingEvent.get(), at, conditions, owners);
  }

  /** Opens or skips waiting steps whose prerequisites have all ended; completes the enrolment. */
  private Enrolment settle(
      PathwayDefinition pathway, Enrolment enrolment, Instant now, StepConditions conditions) {
    Enrolment current = enrolment;
    Optional<Enrolment> next;
    while ((next = settleOne(pathway, current, now, conditions)).isPresent()) {
      current = next.get();
    }
    if (current.isActive()
        && !current.steps().isEmpty()
        && current.steps().stream().allMatch(s -> s.status().hasEnded())) {
      return current.withStatus(EnrolmentStatus.COMPLETED, Optional.empty());
    }
    return current;
  }

  /** The enrolment with one waiting step opened or skipped, if any can be. */
  private Optional<Enrolment> settleOne(
      PathwayDefinition pathway, Enrolment current, Instant now, StepConditions conditions) {
    for (Step step : current.steps()) {
      if (step.status() != StepStatus.WAITING) {
        continue;
      }
      StepDefinition definition = pathway.requireStep(step.code());
      List<Step> prerequisites =
          definition.after().stream().map(current::latest).flatMap(Optional::stream).toList();
      if (prerequisites.size() < definition.after().size()
          || !prerequisites.stream().allMatch(p -> p.status().hasEnded())) {
        continue;
      }
      Optional<Step> notDone =
          prerequisites.stream().filter(p -> p.status() != StepStatus.COMPLETED).findFirst();
      Step next;
      if (notDone.isPresent()) {
        Step missing = notDone.get();
        next =
            step.end(
                StepStatus.SKIPPED,
                now,
                Optional.of(
                    "Not done: '"
                        + pathway.requireStep(missing.code()).display()
                        + "' was "
                        + missing.status().label()
                        + missing.reason().map(r -> " (" + r + ")").orElse("")
                        + "."));
      } else {
        Instant from =
            definition.timedFrom() == TimedFrom.PREREQUISITES
                ? prerequisites.stream()
                    .map(p -> p.ended().orElse(now))
                    .max(Instant::compareTo)
                    .orElse(now)
                : current.start();
        Optional<String> whyNot = conditions.whyNotApplicable(definition, current);
        next =
            whyNot.isPresent()
                ? step.end(StepStatus.SKIPPED, now, whyNot)
                : step.becomeReady(due(definition.timing(), from));
      }
      Step replacement = next;
      return Optional.of(current.replace(step, s -> replacement));
    }
    return Optional.empty();
  }

  private static String openPrerequisites(
      PathwayDefinition pathway, Enrolment enrolment, Step step) {
    return pathway.requireStep(step.code()).after().stream()
        .filter(
            code ->
                enrolment.latest(code).map(s -> s.status() != StepStatus.COMPLETED).orElse(true))
        .map(code -> "'" + pathway.requireStep(code).display() + "'")
        .collect(Collectors.joining(", "));
  }
}
