package org.carepath.coordination.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.carepath.coordination.pathway.fhir.FhirPathStepConditions;
import org.carepath.coordination.pathway.fhir.PathwayDefinitionReader;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

/**
 * What the domain pathway tests share: the real pathway definitions from the profiles package, the
 * FHIRPath applicability over a record built in the test, a controlled clock, England's bank
 * holidays, and an in-memory {@link Enrolments} that numbers what it stores.
 */
final class PathwayFixture {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final ZoneId LONDON = ZoneId.of("Europe/London");
  static final WorkingCalendar ENGLAND =
      new WorkingCalendar(
          Set.of(
              LocalDate.parse("2026-01-01"),
              LocalDate.parse("2026-04-03"),
              LocalDate.parse("2026-04-06"),
              LocalDate.parse("2026-05-04"),
              LocalDate.parse("2026-05-25"),
              LocalDate.parse("2026-08-31"),
              LocalDate.parse("2026-12-25"),
              LocalDate.parse("2026-12-28")));
  static final String PRACTICE = "Organization/practice-1";
  static final String PCN = "Organization/pcn-1";
  static final String CARE_HOME = "Organization/care-home-1";
  static final String COMMUNITY = "Organization/community-1";
  static final String HOSPITAL = "Organization/hospital-1";
  static final String SOCIAL_CARE = "Organization/social-care-1";

  final MutableClock clock;
  final PathwayEngine engine = new PathwayEngine(LONDON, ENGLAND);
  final InMemoryEnrolments enrolments = new InMemoryEnrolments();
  final PathwayService service;
  final List<Resource> record = new ArrayList<>();

  /** Outcomes participants recorded on step Tasks, by Task id. */
  final Map<String, String> outcomes = new HashMap<>();

  PathwayFixture(String localStart) {
    clock = new MutableClock(at(localStart));
    service = new PathwayService(engine, new EnrolmentPolicies(65), enrolments, clock);
  }

  static Instant at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(LONDON).toInstant();
  }

  static PathwayDefinition definition(String code) {
    PlanDefinition plan = read("PlanDefinition-" + code + ".json", PlanDefinition.class);
    return PathwayDefinitionReader.read(
        plan,
        url ->
            Optional.of(
                read(
                    "ActivityDefinition-" + url.substring(url.lastIndexOf('/') + 1) + ".json",
                    ActivityDefinition.class)));
  }

  static <T extends Resource> T read(String file, Class<T> type) {
    try (InputStream in =
        PathwayFixture.class.getClassLoader().getResourceAsStream("carepath/profiles/" + file)) {
      assertThat(in).as(file).isNotNull();
      return FHIR.newJsonParser().parseResource(type, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The patient as pathways see them, with facts and the record as they are now. */
  PatientContext patient(EnrolmentFacts facts) {
    StepConditions conditions =
        (step, enrolment) ->
            new FhirPathStepConditions(
                    FHIR, bundle(enrolment), LocalDate.ofInstant(clock.instant(), LONDON))
                .whyNotApplicable(step, enrolment);
    return new PatientContext("p1", facts, conditions, PathwayFixture::owner);
  }

  static EnrolmentFacts facts(int age, String... conditionGroups) {
    return new EnrolmentFacts(
        age,
        false,
        Optional.of(PRACTICE),
        Set.of(conditionGroups),
        Optional.empty(),
        Optional.empty());
  }

  static Optional<String> owner(Participant participant) {
    return Optional.ofNullable(
        switch (participant.organisationType()) {
          case "gp-practice" -> PRACTICE;
          case "pcn" -> PCN;
          case "care-home" -> CARE_HOME;
          case "community-provider" -> COMMUNITY;
          case "hospital-service" -> HOSPITAL;
          case "local-authority-social-care" -> SOCIAL_CARE;
          default -> null;
        });
  }

  /** The record FHIRPath sees: the resources the test added and the enrolment's step Tasks. */
  private Bundle bundle(Enrolment enrolment) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    record.forEach(resource -> bundle.addEntry().setResource(resource));
    PathwayDefinition pathway = definition(enrolment.pathway());
    for (Step step : enrolment.steps()) {
      Task task =
          EnrolmentResources.task(
              pathway, enrolment, "CarePlan/1", step, Optional.empty(), clock.instant());
      step.id()
          .map(outcomes::get)
          .ifPresent(
              outcome ->
                  task.addOutput()
                      .setType(new CodeableConcept().setText("outcome"))
                      .setValue(
                          new CodeableConcept(
                              new Coding(
                                  Canonical.BASE + "/CodeSystem/step-outcome", outcome, null))));
      bundle.addEntry().setResource(task);
    }
    return bundle;
  }

  Enrolment enrol(String pathway, EnrolmentFacts facts) {
    EnrolmentOutcome outcome = service.enrol(definition(pathway), patient(facts), Optional.empty());
    assertThat(outcome).isInstanceOf(EnrolmentOutcome.Enrolled.class);
    return ((EnrolmentOutcome.Enrolled) outcome).enrolment();
  }

  /** A participant moves the latest occurrence of a step; answers the decision. */
  StepDecision move(
      String pathway, EnrolmentFacts facts, String stepCode, StepStatus to, String reason) {
    Enrolment stored = enrolments.active("p1", pathway).orElseThrow();
    Step step = stored.latest(stepCode).orElseThrow();
    return service.update(
        definition(pathway),
        stored,
        new StepUpdate(step.id().orElseThrow(), to, Optional.ofNullable(reason)),
        patient(facts).conditions());
  }

  Enrolment complete(String pathway, EnrolmentFacts facts, String stepCode) {
    StepDecision decision = move(pathway, facts, stepCode, StepStatus.COMPLETED, null);
    assertThat(decision).isInstanceOf(StepDecision.Applied.class);
    return ((StepDecision.Applied) decision).enrolment();
  }

  /** Records an outcome on the latest occurrence of a step (before it is completed). */
  void outcome(String pathway, String stepCode, String outcome) {
    Step step = enrolments.active("p1", pathway).orElseThrow().latest(stepCode).orElseThrow();
    outcomes.put(step.id().orElseThrow(), outcome);
  }

  static Step step(Enrolment enrolment, String code) {
    return enrolment.latest(code).orElseThrow(() -> new AssertionError("no step " + code));
  }

  static LocalDateTime localDue(Enrolment enrolment, String code) {
    return LocalDateTime.ofInstant(step(enrolment, code).due().orElseThrow(), LONDON);
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(String localDateTime) {
      now = at(localDateTime);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Enrolments in memory, numbered as a server would. */
  static final class InMemoryEnrolments implements Enrolments {
    private final Map<String, Enrolment> stored = new HashMap<>();
    private int nextId = 1;
    int saves;

    @Override
    public Optional<Enrolment> active(String patient, String pathway) {
      return stored.values().stream()
          .filter(e -> e.patient().equals(patient) && e.pathway().equals(pathway) && e.isActive())
          .findFirst();
    }

    @Override
    public List<Enrolment> allActive(String patient) {
      return stored.values().stream()
          .filter(e -> e.patient().equals(patient) && e.isActive())
          .toList();
    }

    @Override
    public Enrolment save(Optional<Enrolment> before, Enrolment after) {
      saves++;
      Enrolment withIds = after.id().isPresent() ? after : after.withId("plan-" + nextId++);
      List<Step> steps = new ArrayList<>();
      for (Step step : withIds.steps()) {
        steps.add(step.id().isPresent() ? step : step.withId("task-" + nextId++));
      }
      Enrolment saved = withIds.withSteps(steps);
      stored.put(saved.id().orElseThrow(), saved);
      return saved;
    }

    Enrolment only() {
      assertThat(stored).hasSize(1);
      return stored.values().iterator().next();
    }
  }
}
