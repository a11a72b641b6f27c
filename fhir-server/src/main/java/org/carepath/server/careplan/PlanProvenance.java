package org.carepath.server.careplan;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.careplan.fhir.EndOfLifeEntries;
import org.carepath.coordination.careplan.fhir.SharedCarePlanResources;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;

/**
 * Who changed a part of a shared care plan, as a Provenance: the version written (and the Patient
 * whose record it is, so that {@code Provenance?patient=} finds it and access applies), when, the
 * person and the organisation they acted for, the activity (create or update) and the reason — the
 * writer's own, from the {@code X-Provenance} header (FHIR's way for a client to say why it
 * writes), else treatment. A write the server makes itself names Carepath as its performer (a
 * logical Device reference by identifier), after the user whose request led to it, if any.
 */
final class PlanProvenance {

  static final String HEADER = "X-Provenance";
  static final String DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
  static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
  static final String PARTICIPANT_TYPE =
      "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
  static final String SOFTWARE = "https://fhir.carepath.org/Id/software";
  static final String CAREPATH = "carepath";

  private PlanProvenance() {}

  /** Whether a write of {@code resource} is a change to a part of a shared care plan. */
  static boolean isPart(IBaseResource resource) {
    return switch (resource.fhirType()) {
      case "CarePlan" ->
          SharedCarePlanResources.isSharedPlan(resource)
              || SharedCarePlanResources.isSection(resource);
      case "Goal", "CareTeam" -> true;
      case "Observation" -> EndOfLifeEntries.of(resource).isPresent();
      default -> false;
    };
  }

  /**
   * The Provenance of one write.
   *
   * @param writtenVersion the version number stored, when the resource does not carry it yet
   * @param byServer whether the server wrote it itself (not a user's own write)
   * @param header the request's {@code X-Provenance} header, if any: its {@code reason} and {@code
   *     activity} are kept (nothing else: who and what are the server's to say)
   */
  static Provenance of(
      FhirContext fhir,
      IBaseResource written,
      Optional<String> writtenVersion,
      Set<String> patients,
      boolean created,
      boolean byServer,
      Optional<String> practitioner,
      Optional<String> organisation,
      Optional<String> header,
      Date now) {
    Provenance provenance = new Provenance();
    String version =
        Optional.ofNullable(written.getIdElement().getVersionIdPart())
            .orElse(writtenVersion.orElse(null));
    String target = written.fhirType() + "/" + written.getIdElement().getIdPart();
    provenance.addTarget(new Reference(version == null ? target : target + "/_history/" + version));
    patients.forEach(patient -> provenance.addTarget(new Reference("Patient/" + patient)));
    provenance.setRecorded(now);
    provenance.setActivity(
        new CodeableConcept(
            new Coding(
                DATA_OPERATION, created ? "CREATE" : "UPDATE", created ? "create" : "update")));
    if (practitioner.isPresent() || organisation.isPresent()) {
      Provenance.ProvenanceAgentComponent agent = provenance.addAgent();
      agent.setType(new CodeableConcept(new Coding(PARTICIPANT_TYPE, "author", "Author")));
      if (practitioner.isPresent()) {
        agent.setWho(new Reference(practitioner.get()));
        organisation.ifPresent(o -> agent.setOnBehalfOf(new Reference(o)));
      } else {
        agent.setWho(new Reference(organisation.get()));
      }
    }
    if (byServer) {
      provenance
          .addAgent()
          .setType(new CodeableConcept(new Coding(PARTICIPANT_TYPE, "performer", "Performer")))
          .setWho(
              new Reference()
                  .setType("Device")
                  .setIdentifier(new Identifier().setSystem(SOFTWARE).setValue(CAREPATH))
                  .setDisplay("Carepath"));
    }
    Optional<Provenance> given = header.map(h -> fromHeader(fhir, h));
    List<CodeableConcept> reasons = given.map(Provenance::getReason).orElse(List.of());
    if (reasons.isEmpty()) {
      provenance.addReason(new CodeableConcept(new Coding(ACT_REASON, "TREAT", "treatment")));
    } else {
      reasons.forEach(provenance::addReason);
    }
    given.filter(Provenance::hasActivity).ifPresent(g -> provenance.setActivity(g.getActivity()));
    return provenance;
  }

  private static Provenance fromHeader(FhirContext fhir, String header) {
    try {
      IBaseResource parsed = fhir.newJsonParser().parseResource(header);
      if (parsed instanceof Provenance provenance) {
        return provenance;
      }
    } catch (DataFormatException | ClassCastException malformed) {
      // answered below
    }
    throw new InvalidRequestException(
        "The " + HEADER + " header holds one Provenance resource in JSON.");
  }
}
