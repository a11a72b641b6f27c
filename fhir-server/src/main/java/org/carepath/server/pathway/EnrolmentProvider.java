package org.carepath.server.pathway;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.pathway.Eligibility;
import org.carepath.coordination.pathway.Enrolment;
import org.carepath.coordination.pathway.EnrolmentOutcome;
import org.carepath.coordination.pathway.PathwayDefinition;
import org.carepath.coordination.pathway.Step;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.carepath.server.fhir.FhirOperationProvider;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * {@code POST Patient/[id]/$enrol} (stores the enrolment) and {@code PlanDefinition/[id]/$apply}
 * (the same result, stored nowhere). Translates and delegates to {@link Pathways}.
 */
class EnrolmentProvider implements FhirOperationProvider {

  private final Pathways pathways;
  private final FhirEnrolments enrolments;

  EnrolmentProvider(Pathways pathways, FhirEnrolments enrolments) {
    this.pathways = pathways;
    this.enrolments = enrolments;
  }

  @Operation(name = "$enrol", type = org.hl7.fhir.r4.model.Patient.class)
  public Parameters enrol(
      @IdParam IdType patient,
      @OperationParam(name = "pathway", min = 1, max = 1) StringType pathway,
      @OperationParam(name = "setting", max = 1) Reference setting,
      @OperationParam(name = "start", max = 1) DateTimeType start,
      RequestDetails request) {
    PathwayDefinition definition = pathway(pathway);
    EnrolmentOutcome outcome =
        pathways.enrol(definition, patient.getIdPart(), setting(setting), start(start), request);
    if (outcome instanceof EnrolmentOutcome.Ineligible ineligible) {
      throw new UnprocessableEntityException(ineligible.reason());
    }
    Enrolment enrolment =
        outcome instanceof EnrolmentOutcome.Enrolled enrolled
            ? enrolled.enrolment()
            : ((EnrolmentOutcome.AlreadyEnrolled) outcome).enrolment();
    FhirEnrolments.Stored stored = enrolments.load(enrolment.id().orElseThrow());
    Parameters result = new Parameters();
    result.addParameter(
        "outcome",
        new CodeType(
            outcome instanceof EnrolmentOutcome.Enrolled ? "enrolled" : "already-enrolled"));
    result.addParameter().setName("carePlan").setResource(stored.carePlan());
    stored.tasks().forEach(task -> result.addParameter().setName("task").setResource(task));
    return result;
  }

  /**
   * {@code GET Patient/[id]/$pathway-eligibility}: for each pathway, whether the patient is
   * enrolled, or eligible or not and why, on the record as the caller sees it (OperationDefinition
   * pathway-eligibility). Changes nothing.
   */
  @Operation(
      name = "$pathway-eligibility",
      type = org.hl7.fhir.r4.model.Patient.class,
      idempotent = true)
  public Parameters eligibility(
      @IdParam IdType patient,
      @OperationParam(name = "pathway", max = OperationParam.MAX_UNLIMITED) List<CodeType> asked,
      RequestDetails request) {
    List<PathwayDefinition> chosen =
        asked == null || asked.isEmpty()
            ? pathways.catalogue().all().stream()
                .sorted(java.util.Comparator.comparing(PathwayDefinition::code))
                .toList()
            : asked.stream().map(code -> pathway(new StringType(code.getValue()))).toList();
    java.util.Map<String, Eligibility> answers =
        pathways.eligibility(chosen, patient.getIdPart(), request);
    Parameters result = new Parameters();
    for (PathwayDefinition pathway : chosen) {
      Eligibility eligibility = answers.get(pathway.code());
      var entry = result.addParameter().setName("pathway");
      entry.addPart().setName("code").setValue(new CodeType(pathway.code()));
      entry.addPart().setName("title").setValue(new StringType(pathway.title()));
      entry
          .addPart()
          .setName("canonical")
          .setValue(new org.hl7.fhir.r4.model.CanonicalType(pathway.url()));
      if (eligibility instanceof Eligibility.Eligible eligible) {
        entry.addPart().setName("outcome").setValue(new CodeType("eligible"));
        entry.addPart().setName("reason").setValue(new StringType(eligible.reason()));
      } else if (eligibility instanceof Eligibility.Ineligible ineligible) {
        entry.addPart().setName("outcome").setValue(new CodeType("ineligible"));
        entry.addPart().setName("reason").setValue(new StringType(ineligible.reason()));
      } else {
        entry.addPart().setName("outcome").setValue(new CodeType("enrolled"));
      }
    }
    return result;
  }

  @Operation(name = "$apply", type = org.hl7.fhir.r4.model.PlanDefinition.class, idempotent = true)
  public CarePlan apply(
      @IdParam IdType planDefinition,
      @OperationParam(name = "subject", min = 1, max = 1) StringType subject,
      @OperationParam(name = "setting", max = 1) Reference setting,
      @OperationParam(name = "start", max = 1) DateTimeType start,
      RequestDetails request) {
    PathwayDefinition definition =
        pathways
            .catalogue()
            .byCode(planDefinition.getIdPart())
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "PlanDefinition/" + planDefinition.getIdPart() + " is not a pathway"));
    IdType patient = new IdType(subject.getValue());
    if (!"Patient".equals(patient.getResourceType()) || !patient.hasIdPart()) {
      throw new InvalidRequestException("subject must be a Patient reference (Patient/[id])");
    }
    EnrolmentOutcome outcome =
        pathways.preview(definition, patient.getIdPart(), setting(setting), start(start), request);
    if (outcome instanceof EnrolmentOutcome.Ineligible ineligible) {
      throw new UnprocessableEntityException(ineligible.reason());
    }
    Enrolment preview = ((EnrolmentOutcome.Enrolled) outcome).enrolment();
    // Contained Tasks stand for the steps; nothing is stored.
    int n = 0;
    List<Step> steps = new ArrayList<>();
    for (Step step : preview.steps()) {
      steps.add(step.withId("step" + (++n)));
    }
    Enrolment numbered = preview.withSteps(steps);
    CarePlan plan =
        EnrolmentResources.carePlan(
            definition, numbered, "#careteam", "Patient/" + patient.getIdPart(), Optional.empty());
    plan.setStatus(CarePlan.CarePlanStatus.DRAFT);
    plan.getCareTeam().clear();
    for (int i = 0; i < steps.size(); i++) {
      Task task =
          EnrolmentResources.task(
              definition, numbered, "#", steps.get(i), Optional.empty(), preview.start());
      task.setId("step" + (i + 1));
      task.getBasedOn().clear();
      plan.addContained(task);
      plan.getActivity().get(i).getOutcomeReferenceFirstRep().setReference("#step" + (i + 1));
    }
    return plan;
  }

  private PathwayDefinition pathway(StringType pathway) {
    String value = pathway == null ? null : pathway.getValue();
    return pathways
        .catalogue()
        .find(value)
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "Unknown pathway '"
                        + value
                        + "': give a pathway PlanDefinition's canonical URL or id"));
  }

  private static Optional<String> setting(Reference setting) {
    if (setting == null || !setting.hasReference()) {
      return Optional.empty();
    }
    if (!setting.getReference().startsWith("Organization/")) {
      throw new InvalidRequestException("setting must be an Organization reference");
    }
    return Optional.of(setting.getReference());
  }

  private static Optional<Instant> start(DateTimeType start) {
    return start == null || start.getValue() == null
        ? Optional.empty()
        : Optional.of(start.getValue().toInstant());
  }
}
