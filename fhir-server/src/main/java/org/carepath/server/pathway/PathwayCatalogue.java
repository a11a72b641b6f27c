package org.carepath.server.pathway;

import ca.uhn.fhir.context.FhirContext;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carepath.coordination.pathway.EnrolmentPolicies;
import org.carepath.coordination.pathway.PathwayDefinition;
import org.carepath.coordination.pathway.fhir.FhirPathStepConditions;
import org.carepath.coordination.pathway.fhir.PathwayDefinitionReader;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.PlanDefinition;

/**
 * The pathways Carepath runs: every PlanDefinition of the package, read and checked at start-up
 * (steps, timings, FHIRPath expressions, enrolment policy names), found by code, id or canonical.
 */
class PathwayCatalogue {

  private final Map<String, PathwayDefinition> byCode;

  PathwayCatalogue(
      List<PlanDefinition> plans,
      List<ActivityDefinition> activities,
      EnrolmentPolicies policies,
      FhirContext fhirContext) {
    byCode = PathwayDefinitionReader.readAll(plans, activities);
    for (PathwayDefinition pathway : byCode.values()) {
      pathway
          .enrolmentPolicy()
          .filter(policy -> !policies.knows(policy))
          .ifPresent(
              policy -> {
                throw new IllegalStateException(
                    pathway.url() + " names an unknown enrolment policy " + policy);
              });
      pathway.steps().stream()
          .flatMap(step -> step.applicability().stream())
          .forEach(a -> FhirPathStepConditions.requireValid(fhirContext, a.expression()));
    }
  }

  Collection<PathwayDefinition> all() {
    return byCode.values();
  }

  /** The pathways with a step opened by the named event. */
  List<PathwayDefinition> listeningTo(String event) {
    return byCode.values().stream().filter(pathway -> pathway.listensTo(event)).toList();
  }

  Optional<PathwayDefinition> byCode(String code) {
    return Optional.ofNullable(byCode.get(code));
  }

  /** By code ({@code diabetes}), id ({@code PlanDefinition/diabetes}) or canonical URL. */
  Optional<PathwayDefinition> find(String reference) {
    if (reference == null || reference.isBlank()) {
      return Optional.empty();
    }
    String withoutVersion = reference.split("\\|")[0];
    String tail = withoutVersion.substring(withoutVersion.lastIndexOf('/') + 1);
    return byCode.values().stream()
        .filter(
            pathway ->
                pathway.url().equals(withoutVersion)
                    || withoutVersion.equals("PlanDefinition/" + pathway.code())
                    || (!withoutVersion.contains("/") && pathway.code().equals(tail)))
        .findFirst();
  }
}
