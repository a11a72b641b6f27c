package org.carepath.coordination.access.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.util.FhirTerser;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Task;

/**
 * Whose record a resource is part of: the patients of its Patient compartment (FHIR's
 * CompartmentDefinition, as HAPI's terser reads it), the Patient itself, and a Task's {@code for}
 * (R4 leaves Task out of the compartment; Carepath's referrals and steps are Tasks for a patient).
 * A resource with no patient (an Organization, a PlanDefinition, a population-level MeasureReport)
 * is nobody's record.
 */
public final class RecordPatients {

  private final FhirContext fhirContext;
  private final FhirTerser terser;
  private final Map<String, Boolean> patientLevel = new ConcurrentHashMap<>();

  public RecordPatients(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
    this.terser = fhirContext.newTerser();
  }

  /** The logical ids of the patients whose record {@code resource} is part of. */
  public Set<String> of(IBaseResource resource) {
    Set<String> patients = new LinkedHashSet<>();
    String type = fhirContext.getResourceType(resource);
    if ("Patient".equals(type) && resource.getIdElement().hasIdPart()) {
      patients.add(resource.getIdElement().getIdPart());
    }
    if (resource instanceof Task task) {
      RelationshipSources.patientOf(task.getFor()).ifPresent(patients::add);
    }
    if (isPatientLevel(type)) {
      for (IIdType owner :
          terser.getCompartmentOwnersForResource("Patient", resource, (Set<String>) null)) {
        // A compartment path without a type (CareTeam.participant.member) also yields others.
        if ("Patient".equals(owner.getResourceType()) && owner.hasIdPart()) {
          patients.add(owner.getIdPart());
        }
      }
    }
    return patients;
  }

  /** Whether resources of {@code type} can be part of a patient's record. */
  public boolean isPatientLevel(String type) {
    return patientLevel.computeIfAbsent(type, this::patientLevelType);
  }

  private boolean patientLevelType(String type) {
    if ("Patient".equals(type) || "Task".equals(type)) {
      return true;
    }
    RuntimeResourceDefinition definition;
    try {
      definition = fhirContext.getResourceDefinition(type);
    } catch (RuntimeException unknownType) {
      return false;
    }
    return !definition.getSearchParamsForCompartmentName("Patient").isEmpty();
  }
}
