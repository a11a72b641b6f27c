package org.carepath.coordination.careplan.fhir;

import java.util.Date;
import java.util.Optional;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;

/**
 * A person's shared care plan and its sections as CarePlans: the plan has the category {@code
 * shared-care-plan}; a section the category {@code care-plan-section}, is {@code partOf} the plan
 * and is owned by its author organisation; pathway enrolments are {@code partOf} the plan too.
 */
public final class SharedCarePlanResources {

  public static final String SHARED = "shared-care-plan";
  public static final String SECTION = "care-plan-section";
  public static final String PROFILE =
      Canonical.BASE + "/StructureDefinition/" + "carepath-" + SHARED;
  public static final String SECTION_PROFILE =
      Canonical.BASE + "/StructureDefinition/carepath-" + SECTION;

  private SharedCarePlanResources() {}

  /** Whether {@code resource} is a shared care plan (whatever its status). */
  public static boolean isSharedPlan(IBaseResource resource) {
    return resource instanceof CarePlan plan && hasCategory(plan, SHARED);
  }

  /** Whether {@code resource} is a section of a shared care plan. */
  public static boolean isSection(IBaseResource resource) {
    return resource instanceof CarePlan plan && hasCategory(plan, SECTION);
  }

  /**
   * Whether the plan is in force: draft, active or on hold (not completed, revoked or in error).
   */
  public static boolean isLive(CarePlan plan) {
    return plan.getStatus() == CarePlan.CarePlanStatus.DRAFT
        || plan.getStatus() == CarePlan.CarePlanStatus.ACTIVE
        || plan.getStatus() == CarePlan.CarePlanStatus.ONHOLD;
  }

  /** The organisation a section belongs to ({@code Organization/<id>}), if its author is one. */
  public static Optional<String> owner(CarePlan section) {
    String author = section.getAuthor().getReferenceElement().toUnqualifiedVersionless().getValue();
    return author != null && author.startsWith("Organization/")
        ? Optional.of(author)
        : Optional.empty();
  }

  /** The patient id a plan is for, if its subject is a Patient. */
  public static Optional<String> patientOf(CarePlan plan) {
    var subject = plan.getSubject().getReferenceElement();
    return "Patient".equals(subject.getResourceType()) && subject.hasIdPart()
        ? Optional.of(subject.getIdPart())
        : Optional.empty();
  }

  /** The plan a section or enrolment is part of ({@code CarePlan/<id>}), if any. */
  public static Optional<String> partOf(CarePlan plan) {
    return plan.getPartOf().stream()
        .map(r -> r.getReferenceElement().toUnqualifiedVersionless().getValue())
        .filter(r -> r != null && r.startsWith("CarePlan/"))
        .findFirst();
  }

  /**
   * A new active shared care plan for the patient, started by {@code author} (their practice, when
   * an enrolment starts it) with their care team.
   */
  public static CarePlan newPlan(
      String patient, String author, Optional<String> careTeam, Date created) {
    CarePlan plan = new CarePlan();
    plan.getMeta().addProfile(PROFILE);
    plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
    plan.setIntent(CarePlan.CarePlanIntent.PLAN);
    plan.addCategory(
        new CodeableConcept(
            new Coding(EnrolmentResources.CARE_PLAN_CATEGORY, SHARED, "Shared care plan")));
    plan.setTitle("Shared care plan");
    plan.setSubject(new Reference("Patient/" + patient));
    plan.setCreated(created);
    plan.getPeriod().setStart(created);
    plan.setAuthor(new Reference(author));
    careTeam.ifPresent(team -> plan.addCareTeam(new Reference(team)));
    return plan;
  }

  private static boolean hasCategory(CarePlan plan, String code) {
    return plan.getCategory().stream()
        .flatMap(c -> c.getCoding().stream())
        .anyMatch(
            c ->
                EnrolmentResources.CARE_PLAN_CATEGORY.equals(c.getSystem())
                    && code.equals(c.getCode()));
  }
}
