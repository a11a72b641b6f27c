package org.carepath.server.pathway;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.careplan.fhir.SharedCarePlanResources;
import org.carepath.coordination.pathway.Enrolment;
import org.carepath.coordination.pathway.Enrolments;
import org.carepath.coordination.pathway.PathwayDefinition;
import org.carepath.coordination.pathway.Step;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.carepath.coordination.pathway.fhir.PathwayDefinitionReader;
import org.carepath.server.fhir.Lookups;
import org.carepath.server.fhir.Searches;
import org.carepath.server.organisation.RegisteredPractices;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * Enrolments kept as FHIR resources through HAPI's DAOs, in the caller's transaction: a CarePlan
 * per enrolment, a Task per step occurrence, and one CareTeam per patient ({@code
 * CareTeam/ct-<patient>}) that gains every organisation and role working on their pathways.
 */
class FhirEnrolments implements Enrolments {

  private static final String CARE_TEAM_PROFILE =
      Canonical.BASE + "/StructureDefinition/carepath-care-team";

  private final DaoRegistry daos;
  private final PathwayCatalogue catalogue;
  private final Clock clock;

  FhirEnrolments(DaoRegistry daos, PathwayCatalogue catalogue, Clock clock) {
    this.daos = daos;
    this.catalogue = catalogue;
    this.clock = clock;
  }

  /** A stored enrolment with the resources it was read from. */
  record Stored(
      CarePlan carePlan, PathwayDefinition pathway, List<Task> tasks, Enrolment enrolment) {}

  @Override
  public Optional<Enrolment> active(String patient, String pathway) {
    PathwayDefinition definition = catalogue.byCode(pathway).orElseThrow();
    SearchParameterMap params =
        SearchParameterMap.newSynchronous("subject", new ReferenceParam("Patient/" + patient))
            .add("pathway", new UriParam(definition.url()))
            .add("status", new TokenParam("active"));
    return carePlans(params).stream().findFirst().map(plan -> load(plan).enrolment());
  }

  @Override
  public List<Enrolment> allActive(String patient) {
    SearchParameterMap params =
        SearchParameterMap.newSynchronous("subject", new ReferenceParam("Patient/" + patient))
            .add("status", new TokenParam("active"))
            .add("category", new TokenParam(EnrolmentResources.CARE_PLAN_CATEGORY, "pathway"));
    return carePlans(params).stream().map(plan -> load(plan).enrolment()).toList();
  }

  /** The pathways of the patient's active pathway CarePlans, read from the plans alone. */
  @Override
  public java.util.Set<String> activePathways(String patient) {
    SearchParameterMap params =
        SearchParameterMap.newSynchronous("subject", new ReferenceParam("Patient/" + patient))
            .add("status", new TokenParam("active"))
            .add("category", new TokenParam(EnrolmentResources.CARE_PLAN_CATEGORY, "pathway"));
    java.util.Set<String> codes = new java.util.HashSet<>();
    for (CarePlan plan : carePlans(params)) {
      plan.getInstantiatesCanonical().stream()
          .map(c -> catalogue.find(c.getValue()))
          .flatMap(Optional::stream)
          .findFirst()
          .ifPresent(pathway -> codes.add(pathway.code()));
    }
    return codes;
  }

  Stored load(String carePlanId) {
    return load(
        daos.getResourceDao(CarePlan.class)
            .read(new IdType("CarePlan", carePlanId), EngineWrites.request()));
  }

  Stored load(CarePlan plan) {
    PathwayDefinition pathway =
        plan.getInstantiatesCanonical().stream()
            .map(c -> catalogue.find(c.getValue()))
            .flatMap(Optional::stream)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "CarePlan/" + plan.getIdElement().getIdPart() + " names no known pathway"));
    SearchParameterMap params =
        SearchParameterMap.newSynchronous(
            "based-on", new ReferenceParam("CarePlan/" + plan.getIdElement().getIdPart()));
    List<Task> tasks =
        Searches.all(daos.getResourceDao(Task.class), params).stream()
            .map(Task.class::cast)
            .filter(task -> EnrolmentResources.stepCode(task).isPresent())
            .toList();
    return new Stored(
        plan, pathway, tasks, EnrolmentResources.enrolment(plan, pathway.code(), tasks));
  }

  @Override
  public Enrolment save(Optional<Enrolment> before, Enrolment after) {
    PathwayDefinition pathway = catalogue.byCode(after.pathway()).orElseThrow();
    RequestDetails request = EngineWrites.enrolment();
    Instant now = clock.instant();
    IFhirResourceDao<Task> taskDao = daos.getResourceDao(Task.class);
    IFhirResourceDao<CarePlan> planDao = daos.getResourceDao(CarePlan.class);
    String careTeam = ensureCareTeam(after, request);

    CarePlan plan;
    Enrolment enrolment = after;
    if (after.id().isEmpty()) {
      String author = author(after.patient(), request);
      plan = EnrolmentResources.carePlan(pathway, after, careTeam, author, Optional.empty());
      plan.addPartOf(new Reference(sharedPlan(after.patient(), author, careTeam, request)));
      plan = (CarePlan) planDao.create(plan, request).getResource();
      enrolment = after.withId(plan.getIdElement().getIdPart());
    } else {
      plan = planDao.read(new IdType("CarePlan", after.id().get()), request);
    }
    String planReference = "CarePlan/" + plan.getIdElement().getIdPart();
    Map<String, Step> previous = new LinkedHashMap<>();
    before.ifPresent(
        stored -> stored.steps().forEach(s -> s.id().ifPresent(id -> previous.put(id, s))));

    List<Step> saved = new ArrayList<>();
    for (Step step : enrolment.steps()) {
      if (step.id().isEmpty()) {
        Task task =
            EnrolmentResources.task(pathway, enrolment, planReference, step, Optional.empty(), now);
        String id = taskDao.create(task, request).getId().getIdPart();
        saved.add(step.withId(id));
      } else {
        if (!step.equals(previous.get(step.id().get()))) {
          Task existing = taskDao.read(new IdType("Task", step.id().get()), request);
          taskDao.update(
              EnrolmentResources.task(
                  pathway, enrolment, planReference, step, Optional.of(existing), now),
              request);
        }
        saved.add(step);
      }
    }
    Enrolment result = enrolment.withSteps(saved);
    CarePlan updated =
        EnrolmentResources.carePlan(
            pathway, result, careTeam, plan.getAuthor().getReference(), Optional.of(plan));
    if (!updated.hasPartOf() && updated.getStatus() == CarePlan.CarePlanStatus.ACTIVE) {
      // Enrolled before shared care plans: joins (or starts) the person's plan when next changed.
      updated.addPartOf(
          new Reference(
              sharedPlan(after.patient(), updated.getAuthor().getReference(), careTeam, request)));
    }
    planDao.update(updated, request);
    return result;
  }

  /**
   * The person's active shared care plan ({@code CarePlan/<id>}), started by {@code author} with
   * their care team when they have none; a plan started concurrently elsewhere wins (the register
   * refuses this one, and the enrolment is retried).
   */
  private String sharedPlan(
      String patient, String author, String careTeam, RequestDetails request) {
    SearchParameterMap params =
        SearchParameterMap.newSynchronous("subject", new ReferenceParam("Patient/" + patient))
            // A plan in force, also while drafted or on hold: the person has at most one.
            .add(
                "status",
                new TokenOrListParam()
                    .addOr(new TokenParam("active"))
                    .addOr(new TokenParam("draft"))
                    .addOr(new TokenParam("on-hold")))
            .add(
                "category",
                new TokenParam(
                    EnrolmentResources.CARE_PLAN_CATEGORY, SharedCarePlanResources.SHARED));
    Optional<CarePlan> existing = carePlans(params).stream().findFirst();
    if (existing.isPresent()) {
      return "CarePlan/" + existing.get().getIdElement().getIdPart();
    }
    CarePlan started =
        SharedCarePlanResources.newPlan(
            patient, author, Optional.of(careTeam), java.util.Date.from(clock.instant()));
    return "CarePlan/"
        + daos.getResourceDao(CarePlan.class).create(started, request).getId().getIdPart();
  }

  /** The patient's care team, created or joined by every organisation owning one of the steps. */
  private String ensureCareTeam(Enrolment enrolment, RequestDetails request) {
    String id = careTeamId(enrolment.patient());
    PathwayDefinition pathway = catalogue.byCode(enrolment.pathway()).orElseThrow();
    careTeam(Lookups.byId(daos, CareTeam.class, id), pathway, enrolment)
        .ifPresent(team -> daos.getResourceDao(CareTeam.class).update(team, request));
    return "CareTeam/" + id;
  }

  static String careTeamId(String patient) {
    return "ct-" + patient;
  }

  /**
   * The patient's care team with every owner of the enrolment's steps in their step's role: {@code
   * existing} joined, or a new team; empty when nothing is to be stored.
   */
  static Optional<CareTeam> careTeam(
      Optional<CareTeam> existing, PathwayDefinition pathway, Enrolment enrolment) {
    CareTeam team =
        existing
            .map(CareTeam::copy)
            .orElseGet(
                () -> {
                  CareTeam created = new CareTeam();
                  created.setId(careTeamId(enrolment.patient()));
                  created.getMeta().addProfile(CARE_TEAM_PROFILE);
                  created.setStatus(CareTeam.CareTeamStatus.ACTIVE);
                  created.setName("Care team");
                  created.setSubject(new Reference("Patient/" + enrolment.patient()));
                  return created;
                });
    boolean changed = existing.isEmpty();
    for (Step step : enrolment.steps()) {
      if (step.owner().isEmpty()) {
        continue;
      }
      String role = pathway.requireStep(step.code()).participant().role();
      String owner = step.owner().get();
      boolean present =
          team.getParticipant().stream()
              .anyMatch(
                  p ->
                      owner.equals(p.getMember().getReference())
                          && p.getRoleFirstRep().getCodingFirstRep().getCode().equals(role));
      if (!present) {
        team.addParticipant()
            .setMember(new Reference(owner))
            .addRole(
                new CodeableConcept(
                    new Coding(PathwayDefinitionReader.CARE_ROLE_SYSTEM, role, null)));
        changed = true;
      }
    }
    return changed && team.hasParticipant() ? Optional.of(team) : Optional.empty();
  }

  private String author(String patient, RequestDetails request) {
    Patient record =
        daos.getResourceDao(Patient.class).read(new IdType("Patient", patient), request);
    return RegisteredPractices.of(record).orElse("Patient/" + patient);
  }

  private List<CarePlan> carePlans(SearchParameterMap params) {
    return Searches.all(daos.getResourceDao(CarePlan.class), params).stream()
        .map(CarePlan.class::cast)
        .toList();
  }
}
