package org.carepath.server.conformance;

import java.util.LinkedHashSet;
import java.util.Set;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.careplan.fhir.SharedCarePlanResources;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * Which Carepath profiles a resource is held to. A resource that claims a Carepath profile is held
 * to it (the validator reads {@code meta.profile}); a resource that enters a Carepath workflow is
 * held to that workflow's profile whether it claims it or not:
 *
 * <ul>
 *   <li>a Patient with an NHS number — the NHS number rule (valid check digit), whatever else it
 *       claims;
 *   <li>a ServiceRequest categorised "patient referral" (SNOMED CT 3457005) — the referral profile
 *       (minimum data set);
 *   <li>a CarePlan categorised as a pathway enrolment — the pathway CarePlan profile; as a shared
 *       care plan or one of its sections — the shared care plan or section profile;
 *   <li>a Task coded with a pathway step, or naming its pathway — the pathway step profile.
 * </ul>
 *
 * Everything else (e.g. a GP extract without our profiles) is held to base R4 only.
 */
final class WorkflowProfiles {

  static final String SNOMED = "http://snomed.info/sct";
  static final String PATIENT_REFERRAL = "3457005";
  static final String REFERRAL = profile("carepath-referral");
  static final String PATHWAY_CARE_PLAN = profile("carepath-pathway-care-plan");
  static final String PATHWAY_TASK = profile("carepath-pathway-task");
  static final String NHS_NUMBER = profile("carepath-nhs-number");
  static final String NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

  private static final String CARE_PLAN_CATEGORY = codeSystem("care-plan-category");
  private static final String PATHWAY_STEP = codeSystem("pathway-step");
  private static final String PATHWAY_EXTENSION = profile("pathway");

  private WorkflowProfiles() {}

  static Set<String> requiredFor(IBaseResource resource) {
    Set<String> profiles = new LinkedHashSet<>();
    if (resource instanceof Patient patient
        && patient.getIdentifier().stream()
            .anyMatch(i -> NHS_NUMBER_SYSTEM.equals(i.getSystem()))) {
      profiles.add(NHS_NUMBER);
    }
    if (resource instanceof ServiceRequest request
        && request.getCategory().stream().anyMatch(c -> has(c, SNOMED, PATIENT_REFERRAL))) {
      profiles.add(REFERRAL);
    }
    if (resource instanceof CarePlan plan
        && plan.getCategory().stream().anyMatch(c -> has(c, CARE_PLAN_CATEGORY, "pathway"))) {
      profiles.add(PATHWAY_CARE_PLAN);
    }
    if (SharedCarePlanResources.isSharedPlan(resource)) {
      profiles.add(SharedCarePlanResources.PROFILE);
    }
    if (SharedCarePlanResources.isSection(resource)) {
      profiles.add(SharedCarePlanResources.SECTION_PROFILE);
    }
    if (resource instanceof Task task
        && (task.getCode().getCoding().stream().anyMatch(c -> PATHWAY_STEP.equals(c.getSystem()))
            || task.hasExtension(PATHWAY_EXTENSION))) {
      profiles.add(PATHWAY_TASK);
    }
    return profiles;
  }

  /**
   * Whether the resource is held to a Carepath profile: one is required for its workflow, or it
   * claims one in {@code meta.profile}.
   */
  static boolean heldToCarepathProfile(IBaseResource resource, Set<String> required) {
    return !required.isEmpty()
        || resource.getMeta().getProfile().stream()
            .anyMatch(p -> p.getValue() != null && p.getValue().startsWith(Canonical.BASE));
  }

  private static boolean has(CodeableConcept concept, String system, String code) {
    return concept.getCoding().stream()
        .anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode()));
  }

  private static String profile(String id) {
    return Canonical.BASE + "/StructureDefinition/" + id;
  }

  private static String codeSystem(String id) {
    return Canonical.BASE + "/CodeSystem/" + id;
  }
}
