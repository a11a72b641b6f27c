package org.carepath.coordination.pathway;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.carepath.coordination.pathway.EnrolmentDecision.Ineligible;

/**
 * Enrols patients, applies participants' step updates, raises events and ends enrolments, keeping
 * them in {@link Enrolments}. Time comes from the injected clock.
 */
public final class PathwayService {

  private final PathwayEngine engine;
  private final EnrolmentPolicies policies;
  private final Enrolments enrolments;
  private final Clock clock;

  public PathwayService(
      PathwayEngine engine, EnrolmentPolicies policies, Enrolments enrolments, Clock clock) {
    this.engine = engine;
    this.policies = policies;
    this.enrolments = enrolments;
    this.clock = clock;
  }

  /**
   * Enrols the patient from {@code start} (now, if empty). Enrolling someone already enrolled
   * changes nothing and answers their enrolment.
   */
  public EnrolmentOutcome enrol(
      PathwayDefinition pathway, PatientContext patient, Optional<Instant> start) {
    Optional<Enrolment> existing = enrolments.active(patient.patient(), pathway.code());
    if (existing.isPresent()) {
      return new EnrolmentOutcome.AlreadyEnrolled(existing.get());
    }
    EnrolmentOutcome planned = preview(pathway, patient, start);
    if (planned instanceof EnrolmentOutcome.Enrolled enrolled) {
      return new EnrolmentOutcome.Enrolled(enrolments.save(Optional.empty(), enrolled.enrolment()));
    }
    return planned;
  }

  /** Whether the patient is enrolled, or could be and why (storing nothing). */
  public Eligibility eligibility(PathwayDefinition pathway, PatientContext patient) {
    return eligibility(java.util.List.of(pathway), patient).get(pathway.code());
  }

  /**
   * For each of {@code pathways} (by code), whether the patient is enrolled, or could be and why;
   * their running enrolments are looked up once.
   */
  public java.util.Map<String, Eligibility> eligibility(
      java.util.Collection<PathwayDefinition> pathways, PatientContext patient) {
    java.util.Set<String> enrolled = enrolments.activePathways(patient.patient());
    java.util.Map<String, Eligibility> answers = new java.util.LinkedHashMap<>();
    for (PathwayDefinition pathway : pathways) {
      if (enrolled.contains(pathway.code())) {
        answers.put(pathway.code(), new Eligibility.Enrolled());
        continue;
      }
      EnrolmentDecision decision = policies.decide(pathway, patient.facts());
      answers.put(
          pathway.code(),
          decision instanceof Ineligible ineligible
              ? new Eligibility.Ineligible(ineligible.reason())
              : new Eligibility.Eligible(((EnrolmentDecision.Eligible) decision).reason()));
    }
    return answers;
  }

  /** What enrolling would store, storing nothing. */
  public EnrolmentOutcome preview(
      PathwayDefinition pathway, PatientContext patient, Optional<Instant> start) {
    EnrolmentDecision decision = policies.decide(pathway, patient.facts());
    if (decision instanceof Ineligible ineligible) {
      return new EnrolmentOutcome.Ineligible(ineligible.reason());
    }
    return new EnrolmentOutcome.Enrolled(
        engine.enrol(
            pathway,
            patient.patient(),
            start.orElseGet(clock::instant),
            patient.conditions(),
            patient.owners()));
  }

  /**
   * A participant's update of one step of {@code stored}: refused with a reason, or applied, in
   * which case the steps it opens, skips or adds and the enrolment's status are stored (the updated
   * step itself is the participant's own write).
   */
  public StepDecision update(
      PathwayDefinition pathway, Enrolment stored, StepUpdate update, StepConditions conditions) {
    StepDecision decision = engine.update(pathway, stored, update, clock.instant(), conditions);
    if (decision instanceof StepDecision.Applied applied && !applied.enrolment().equals(stored)) {
      Step updated = applied.enrolment().stepWithId(update.stepId()).orElseThrow();
      Step before = stored.stepWithId(update.stepId()).orElseThrow();
      Enrolment asWritten = stored.replace(before, s -> updated);
      return new StepDecision.Applied(enrolments.save(Optional.of(asWritten), applied.enrolment()));
    }
    return decision;
  }

  /** Raises an event for the patient's running enrolment in the pathway, if there is one. */
  public Optional<Enrolment> raise(
      PathwayDefinition pathway, PatientContext patient, String event, Instant at) {
    return enrolments
        .active(patient.patient(), pathway.code())
        .map(
            stored -> {
              Enrolment next =
                  engine.raise(pathway, stored, event, at, patient.conditions(), patient.owners());
              return next.equals(stored) ? stored : enrolments.save(Optional.of(stored), next);
            });
  }

  /**
   * Ends every running enrolment of the patient with {@code reason}, opening each pathway's steps
   * for {@code closingEvent} if it has them. Answers the enrolments as stored.
   */
  public List<Enrolment> endAll(
      PatientContext patient,
      Function<String, Optional<PathwayDefinition>> definitions,
      String reason,
      Optional<String> closingEvent) {
    Instant now = clock.instant();
    return enrolments.allActive(patient.patient()).stream()
        .map(
            stored ->
                definitions
                    .apply(stored.pathway())
                    .map(
                        pathway ->
                            enrolments.save(
                                Optional.of(stored),
                                engine.end(
                                    pathway,
                                    stored,
                                    reason,
                                    now,
                                    closingEvent,
                                    patient.conditions(),
                                    patient.owners())))
                    .orElse(stored))
        .toList();
  }
}
