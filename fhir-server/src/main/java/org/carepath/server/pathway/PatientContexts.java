package org.carepath.server.pathway;

import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.carepath.coordination.organisation.OrganisationType;
import org.carepath.coordination.pathway.EnrolmentFacts;
import org.carepath.coordination.pathway.Participant;
import org.carepath.coordination.pathway.PatientContext;
import org.carepath.coordination.pathway.StepConditions;
import org.carepath.coordination.pathway.StepOwnerPolicy;
import org.carepath.coordination.pathway.StepOwners;
import org.carepath.coordination.pathway.fhir.ConditionGroupCodes;
import org.carepath.coordination.pathway.fhir.FhirPathStepConditions;
import org.carepath.coordination.patient.fhir.Deaths;
import org.carepath.coordination.risk.fhir.ClinicalFactsReader;
import org.carepath.server.fhir.Lookups;
import org.carepath.server.fhir.Searches;
import org.carepath.server.organisation.RegisteredPractices;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;

/**
 * A patient as pathways see them, read from the FHIR record: the facts enrolment policies read
 * (age, death, practice, problem groups from Carepath's value sets, frailty band, care home), step
 * owners (their practice, its PCN, their care home, else the one organisation of the type), and
 * applicability over their record (read only when a step has a condition).
 */
class PatientContexts {

  private static final String EFI = "efi";

  private final DaoRegistry daos;
  private final StepOwnerPolicy ownerPolicy = new StepOwnerPolicy();
  private final ThreadLocal<IFhirPath> fhirPath;
  private final ConditionGroupCodes conditionGroups;
  private final Clock clock;
  private final ZoneId zone;

  PatientContexts(
      DaoRegistry daos,
      Supplier<IFhirPath> fhirPath,
      ConditionGroupCodes conditionGroups,
      Clock clock,
      ZoneId zone) {
    this.daos = daos;
    this.fhirPath = ThreadLocal.withInitial(fhirPath);
    this.conditionGroups = conditionGroups;
    this.clock = clock;
    this.zone = zone;
  }

  /**
   * The patient's context; {@code stepTasks} are the enrolment's step Tasks as applicability should
   * see them (with a participant's pending update in place of the stored version).
   */
  PatientContext context(
      String patientId, Optional<String> careHome, List<Task> stepTasks, RequestDetails request) {
    return context(patientId, careHome, stepTasks, request, false);
  }

  /**
   * The patient's context as the request's caller sees the record: their conditions and frailty
   * result only as far as access shows them to the caller (an eligibility the caller is told of
   * must not rest on an item kept from them).
   */
  PatientContext contextAsSeen(String patientId, RequestDetails request) {
    return context(patientId, Optional.empty(), List.of(), request, true);
  }

  private PatientContext context(
      String patientId,
      Optional<String> careHome,
      List<Task> stepTasks,
      RequestDetails request,
      boolean asSeen) {
    Patient patient = readPatient(patientId, request);
    List<Condition> conditions =
        asSeen
            ? searchAsCaller(Condition.class, "subject", "Patient/" + patientId, request)
            : conditions(patientId, request);
    Optional<String> practice = RegisteredPractices.of(patient);
    Optional<String> band =
        asSeen
            ? searchAsCaller(RiskAssessment.class, "_id", patientId + "-" + EFI, request).stream()
                .findFirst()
                .map(
                    r ->
                        r.getPredictionFirstRep()
                            .getQualitativeRisk()
                            .getCodingFirstRep()
                            .getCode())
            : frailtyBand(patientId, request);
    Set<String> groups =
        conditions.stream()
            .flatMap(c -> conditionGroups.groupsOf(c).stream())
            .collect(Collectors.toSet());
    EnrolmentFacts facts =
        new EnrolmentFacts(
            ClinicalFactsReader.age(patient.getBirthDateElement(), today()),
            Deaths.isDeceased(patient),
            practice,
            groups,
            band,
            careHome);
    Map<String, Optional<String>> owners = new HashMap<>();
    StepOwners stepOwners =
        participant ->
            owners.computeIfAbsent(
                participant.organisationType(),
                type -> owner(participant, practice, careHome, request));
    return new PatientContext(
        patientId,
        facts,
        applicability(() -> record(patient, conditions, stepTasks, request)),
        stepOwners);
  }

  /**
   * Step applicability alone (for a step update): the patient's record is read only if a step that
   * opens has a condition.
   */
  StepConditions applicability(String patientId, List<Task> stepTasks, RequestDetails request) {
    return applicability(
        () ->
            record(
                readPatient(patientId, request),
                conditions(patientId, request),
                stepTasks,
                request));
  }

  private StepConditions applicability(Supplier<Bundle> readRecord) {
    LocalDate today = today();
    Bundle[] record = new Bundle[1];
    return (step, enrolment) -> {
      if (step.applicability().isEmpty()) {
        return Optional.empty();
      }
      if (record[0] == null) {
        record[0] = readRecord.get();
      }
      return new FhirPathStepConditions(fhirPath.get(), record[0], today)
          .whyNotApplicable(step, enrolment);
    };
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(zone));
  }

  private Patient readPatient(String patientId, RequestDetails request) {
    return daos.getResourceDao(Patient.class).read(new IdType("Patient", patientId), request);
  }

  private List<Condition> conditions(String patientId, RequestDetails request) {
    return search(Condition.class, "subject", "Patient/" + patientId, request);
  }

  private Bundle record(
      Patient patient, List<Condition> conditions, List<Task> stepTasks, RequestDetails request) {
    String subject = "Patient/" + patient.getIdElement().getIdPart();
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    bundle.addEntry().setResource(patient);
    conditions.forEach(c -> bundle.addEntry().setResource(c));
    search(Observation.class, "subject", subject, request)
        .forEach(o -> bundle.addEntry().setResource(o));
    search(RiskAssessment.class, "subject", subject, request)
        .forEach(r -> bundle.addEntry().setResource(r));
    stepTasks.forEach(t -> bundle.addEntry().setResource(t));
    return bundle;
  }

  private Optional<String> owner(
      Participant participant,
      Optional<String> practice,
      Optional<String> careHome,
      RequestDetails request) {
    return ownerPolicy.ownerOf(
        participant,
        practice,
        careHome,
        new StepOwnerPolicy.Organisations() {
          @Override
          public Optional<String> pcnOf(String practice) {
            return partOf(practice, request);
          }

          @Override
          public Optional<String> onlyOrganisationOfType(String typeCode) {
            return PatientContexts.this.onlyOrganisationOfType(typeCode, request);
          }
        });
  }

  /** The PCN a practice belongs to. */
  Optional<String> partOf(String organisation, RequestDetails request) {
    return Lookups.byId(daos, Organization.class, organisation)
        .filter(Organization::hasPartOf)
        .map(org -> org.getPartOf().getReference());
  }

  private Optional<String> onlyOrganisationOfType(String type, RequestDetails request) {
    SearchParameterMap params =
        SearchParameterMap.newSynchronous("type", new TokenParam(OrganisationType.SYSTEM, type));
    List<IBaseResource> found = Searches.all(daos.getResourceDao(Organization.class), params);
    List<IBaseResource> active =
        found.stream()
            .filter(o -> !((Organization) o).hasActive() || ((Organization) o).getActive())
            .toList();
    return active.size() == 1
        ? Optional.of("Organization/" + active.get(0).getIdElement().getIdPart())
        : Optional.empty();
  }

  private Optional<String> frailtyBand(String patientId, RequestDetails request) {
    return Lookups.byId(daos, RiskAssessment.class, patientId + "-" + EFI)
        .map(r -> r.getPredictionFirstRep().getQualitativeRisk().getCodingFirstRep().getCode());
  }

  /** A search as the request's caller: access leaves out what they may not see. */
  @SuppressWarnings("unchecked")
  private <T extends Resource> List<T> searchAsCaller(
      Class<T> type, String parameter, String value, RequestDetails request) {
    SearchParameterMap params =
        "_id".equals(parameter)
            ? SearchParameterMap.newSynchronous(
                parameter, new ca.uhn.fhir.rest.param.TokenParam(value))
            : SearchParameterMap.newSynchronous(parameter, new ReferenceParam(value));
    params.setLoadSynchronousUpTo(Searches.LIMIT);
    return (List<T>)
        (List<?>) daos.getResourceDao(type).search(params, request).getResources(0, Searches.LIMIT);
  }

  @SuppressWarnings("unchecked")
  private <T extends Resource> List<T> search(
      Class<T> type, String parameter, String reference, RequestDetails request) {
    SearchParameterMap params =
        SearchParameterMap.newSynchronous(parameter, new ReferenceParam(reference));
    return (List<T>) (List<?>) Searches.all(daos.getResourceDao(type), params);
  }
}
