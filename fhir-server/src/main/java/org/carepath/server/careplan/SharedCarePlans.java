package org.carepath.server.careplan;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.carepath.coordination.careplan.fhir.EndOfLifeEntries;
import org.carepath.coordination.careplan.fhir.SharedCarePlanResources;
import org.carepath.server.fhir.Lookups;
import org.carepath.server.fhir.Searches;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * {@code Patient/[id]/$shared-care-plan}: everything an MDT meeting needs about one person, read in
 * one call as a collection Bundle — the shared care plan, its sections and the pathway enrolments,
 * their open and recent steps, goals, problems, care team, referrals, the latest risk results,
 * end-of-life entries and who last changed each part. Only what the caller may see is answered.
 */
class SharedCarePlans {

  private final DaoRegistry daos;
  private final SharedPlanRegister register;
  private final CarePlanReach reach;
  private final Clock clock;

  /** How far back closed steps, referrals and ended enrolments count as recent. */
  private final Duration recentFor;

  SharedCarePlans(
      DaoRegistry daos,
      SharedPlanRegister register,
      CarePlanReach reach,
      Clock clock,
      Duration recentFor) {
    this.recentFor = recentFor;
    this.daos = daos;
    this.register = register;
    this.reach = reach;
    this.clock = clock;
  }

  Bundle of(RequestDetails request, String patient, Optional<Instant> since) {
    if (Lookups.byId(daos, Patient.class, patient).isEmpty()) {
      throw new ResourceNotFoundException(new IdType("Patient", patient));
    }
    Date recent = Date.from(clock.instant().minus(recentFor));
    String subject = "Patient/" + patient;
    List<Resource> parts = new ArrayList<>();

    // One search for the plans and what they link to: goals, problems, care teams, the Tasks
    // their activities name and the step Tasks based on them.
    SearchParameterMap plansAndParts =
        SearchParameterMap.newSynchronous("subject", new ReferenceParam(subject));
    PLAN_INCLUDES.forEach(include -> plansAndParts.addInclude(new Include(include)));
    plansAndParts.addRevInclude(new Include("Task:based-on"));
    Map<String, Resource> found = new LinkedHashMap<>();
    searchAll(CarePlan.class, plansAndParts).forEach(r -> found.putIfAbsent(key(r), r));
    // Referrals and the Tasks that track them.
    SearchParameterMap referrals =
        SearchParameterMap.newSynchronous("subject", new ReferenceParam(subject));
    referrals.addRevInclude(new Include("Task:focus"));
    searchAll(ServiceRequest.class, referrals).forEach(r -> found.putIfAbsent(key(r), r));

    Optional<String> active = register.active(patient);
    found.values().stream()
        .filter(r -> active.filter(id -> r instanceof CarePlan && id.equals(id(r))).isPresent())
        .findFirst()
        .ifPresent(parts::add);
    for (Resource resource : found.values()) {
      if (!parts.contains(resource) && isCurrent(resource, recent)) {
        parts.add(resource);
      }
    }
    parts.addAll(
        latestOf(
            search(RiskAssessment.class, "subject", subject),
            r ->
                r.getMethod().getCodingFirstRep().getCode()
                    + "|"
                    + r.getCode().getCodingFirstRep().getCode(),
            r ->
                r.hasOccurrenceDateTimeType()
                    ? r.getOccurrenceDateTimeType().getValue()
                    : lastUpdated(r)));
    parts.addAll(
        latestOf(
            search(
                Observation.class,
                SearchParameterMap.newSynchronous("subject", new ReferenceParam(subject))
                    .add("code", new TokenParam(EndOfLifeEntries.TYPE_SYSTEM, null))),
            o -> o.getCode().getCodingFirstRep().getCode(),
            o ->
                o.hasEffectiveDateTimeType()
                    ? o.getEffectiveDateTimeType().getValue()
                    : lastUpdated(o)));
    SearchParameterMap changes =
        SearchParameterMap.newSynchronous("patient", new ReferenceParam(subject));
    since.ifPresent(
        instant ->
            changes.add(
                "recorded", new DateParam(ParamPrefixEnum.GREATERTHAN, Date.from(instant))));
    List<Provenance> provenances = search(Provenance.class, changes);
    parts.addAll(
        since.isPresent()
            ? provenances
            : latestOf(provenances, SharedCarePlans::changed, Provenance::getRecorded));

    reach.viewShown(request, patient, "shared-care-plan", "Shared care plan shown");
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    bundle.setTimestamp(Date.from(clock.instant()));
    String base = request.getFhirServerBase();
    for (Resource part : parts) {
      if (reach.shows(request, part)) {
        bundle
            .addEntry()
            .setFullUrl(base + "/" + part.fhirType() + "/" + id(part))
            .setResource(part);
      }
    }
    return bundle;
  }

  /** What {@code _include} brings with the plans (R4 CarePlan search parameters). */
  private static final List<String> PLAN_INCLUDES =
      List.of(
          "CarePlan:goal",
          "CarePlan:condition",
          "CarePlan:care-team",
          "CarePlan:activity-reference");

  /**
   * Whether a linked resource belongs in the answer: plans and sections in force or ended lately
   * (never a second shared plan), open or recent Tasks and referrals, goals still pursued, care
   * teams in force; problems as the plans name them.
   */
  private static boolean isCurrent(Resource resource, Date recent) {
    if (resource instanceof CarePlan plan) {
      return !SharedCarePlanResources.isSharedPlan(plan)
          && (SharedCarePlanResources.isLive(plan) || updatedSince(plan, recent));
    }
    if (resource instanceof Task task) {
      return isOpen(task) || updatedSince(task, recent);
    }
    if (resource instanceof Goal goal) {
      return goal.getLifecycleStatus() != Goal.GoalLifecycleStatus.CANCELLED
          && goal.getLifecycleStatus() != Goal.GoalLifecycleStatus.ENTEREDINERROR
          && goal.getLifecycleStatus() != Goal.GoalLifecycleStatus.REJECTED;
    }
    if (resource instanceof CareTeam team) {
      return team.getStatus() == CareTeam.CareTeamStatus.ACTIVE
          || team.getStatus() == CareTeam.CareTeamStatus.PROPOSED;
    }
    if (resource instanceof ServiceRequest referral) {
      return referral.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE
          || referral.getStatus() == ServiceRequest.ServiceRequestStatus.ONHOLD
          || referral.getStatus() == ServiceRequest.ServiceRequestStatus.DRAFT
          || updatedSince(referral, recent);
    }
    return resource instanceof Condition;
  }

  private static String key(IBaseResource resource) {
    return resource.fhirType() + "/" + id(resource);
  }

  /** The resources a search finds, with those it includes. */
  private List<Resource> searchAll(Class<? extends IBaseResource> type, SearchParameterMap params) {
    return Searches.all(daos.getResourceDao(type), params).stream()
        .map(Resource.class::cast)
        .toList();
  }

  /** The part a Provenance says changed (its first target, without version). */
  private static String changed(Provenance provenance) {
    return provenance
        .getTargetFirstRep()
        .getReferenceElement()
        .toUnqualifiedVersionless()
        .getValue();
  }

  private static boolean isOpen(Task task) {
    return switch (task.getStatus()) {
      case COMPLETED, CANCELLED, FAILED, ENTEREDINERROR, REJECTED -> false;
      default -> true;
    };
  }

  private static boolean updatedSince(Resource resource, Date since) {
    Date updated = lastUpdated(resource);
    return updated != null && !updated.before(since);
  }

  private static Date lastUpdated(Resource resource) {
    return resource.getMeta().getLastUpdated();
  }

  /** The latest resource of each kind. */
  private static <T extends Resource> List<T> latestOf(
      List<T> resources, Function<T, String> kind, Function<T, Date> when) {
    Comparator<T> byWhen =
        Comparator.comparing(when, Comparator.nullsFirst(Comparator.naturalOrder()));
    Map<String, T> latest = new LinkedHashMap<>();
    for (T resource : resources) {
      latest.merge(kind.apply(resource), resource, (a, b) -> byWhen.compare(a, b) >= 0 ? a : b);
    }
    return List.copyOf(latest.values());
  }

  private <T extends IBaseResource> List<T> search(Class<T> type, String param, String subject) {
    return search(type, SearchParameterMap.newSynchronous(param, new ReferenceParam(subject)));
  }

  private <T extends IBaseResource> List<T> search(Class<T> type, SearchParameterMap params) {
    return Searches.all(daos.getResourceDao(type), params).stream().map(type::cast).toList();
  }

  private static String id(IBaseResource resource) {
    return resource.getIdElement().getIdPart();
  }
}
