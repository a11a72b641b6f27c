package org.carepath.server.pathway;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.carepath.coordination.organisation.OrganisationType;
import org.carepath.coordination.pathway.ConditionGroups;
import org.carepath.coordination.pathway.EnrolmentOutcome;
import org.carepath.coordination.risk.DiabetesControl;
import org.carepath.coordination.risk.DiabetesControlResult;
import org.carepath.server.risk.RegisteredPractices;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pathways started or moved by data, whoever writes it. The write only records that a trigger is
 * due (a db-scheduler execution in the write's transaction, keyed by the resource version, so a
 * repeat is harmless); the trigger runs after commit, retried if it fails:
 *
 * <ul>
 *   <li>a diabetes diagnosis → diabetes enrolment (or a coordinator suggestion, per configuration);
 *   <li>a palliative or terminal care problem (the register) → end of life enrolment;
 *   <li>an active EpisodeOfCare managed by a care home → Enhanced Health in Care Homes;
 *   <li>a finished inpatient Encounter of a person with COPD → the 6-week review;
 *   <li>an emergency Encounter → {@code ae-attendance} (diabetes) and {@code hospital-conveyance}
 *       (care homes) events;
 *   <li>a diabetes-control result entering the poor-control band → {@code poor-control} (diabetes:
 *       escalation to the specialist community diabetes service);
 *   <li>a death → every open pathway closes; end of life opens "record the place of death".
 * </ul>
 *
 * Logs resource ids only.
 */
@Interceptor
class PathwayTriggers {

  static final TaskDescriptor<Void> TRIGGER = TaskDescriptor.of("pathway-trigger");
  private static final String RISK_MODEL = "https://fhir.carepath.org/CodeSystem/risk-model";
  private static final String DIABETES_CONTROL =
      "https://fhir.carepath.org/CodeSystem/diabetes-control";
  private static final Logger log = LoggerFactory.getLogger(PathwayTriggers.class);

  private final Pathways pathways;
  private final DaoRegistry daos;
  private final SchedulerClient scheduler;
  private final ConditionGroupCodes conditionGroups;
  private final String diabetesTrigger;
  private final TransactionTemplate transactions;
  private final PatientContexts patients;
  private final Clock clock;

  PathwayTriggers(
      Pathways pathways,
      DaoRegistry daos,
      SchedulerClient scheduler,
      ConditionGroupCodes conditionGroups,
      String diabetesTrigger,
      TransactionTemplate transactions,
      PatientContexts patients,
      Clock clock) {
    this.pathways = pathways;
    this.daos = daos;
    this.scheduler = scheduler;
    this.conditionGroups = conditionGroups;
    this.diabetesTrigger = diabetesTrigger;
    this.transactions = transactions;
    this.patients = patients;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    consider(null, resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    consider(previous, resource);
  }

  private void consider(IBaseResource previous, IBaseResource resource) {
    boolean relevant =
        resource instanceof Condition condition && !group(condition).isEmpty()
            || resource instanceof EpisodeOfCare episode
                && episode.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.ACTIVE
                && episode.hasManagingOrganization()
            || resource instanceof Encounter encounter
                && (isEmergency(encounter) || isDischarge(encounter))
            || resource instanceof Patient patient
                && PatientContexts.isDeceased(patient)
                && !(previous instanceof Patient before && PatientContexts.isDeceased(before))
            || resource instanceof RiskAssessment result
                && isPoorControl(result)
                && !(previous instanceof RiskAssessment before && isPoorControl(before));
    if (relevant) {
      Resource r = (Resource) resource;
      String instance =
          r.fhirType()
              + "/"
              + r.getIdElement().getIdPart()
              + "/"
              + r.getIdElement().getVersionIdPart();
      scheduler.scheduleIfNotExists(TRIGGER.instance(instance).scheduledTo(clock.instant()));
    }
  }

  /** Runs the trigger recorded for one resource version. */
  void run(String instance) {
    String[] parts = instance.split("/");
    IdType id = new IdType(parts[0], parts[1], parts[2]);
    RequestDetails request = EngineWrites.request();
    Resource resource;
    try {
      resource = (Resource) daos.getResourceDao(parts[0]).read(id, request);
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      return;
    }
    if (resource instanceof Condition condition) {
      String patient = condition.getSubject().getReferenceElement().getIdPart();
      Set<String> groups = group(condition);
      if (groups.contains(ConditionGroups.DIABETES)) {
        diabetes(patient, request);
      }
      if (groups.contains(ConditionGroups.PALLIATIVE_CARE)) {
        enrol("end-of-life", patient, Optional.empty(), Optional.empty(), request);
      }
    } else if (resource instanceof EpisodeOfCare episode) {
      String home = episode.getManagingOrganization().getReference();
      if (isCareHome(home, request)) {
        enrol(
            "care-homes",
            episode.getPatient().getReferenceElement().getIdPart(),
            Optional.of(home),
            Optional.ofNullable(episode.getPeriod().getStart()).map(Date::toInstant),
            request);
      }
    } else if (resource instanceof Encounter encounter) {
      String patient = encounter.getSubject().getReferenceElement().getIdPart();
      Instant at =
          Optional.ofNullable(encounter.getPeriod().getStart())
              .map(Date::toInstant)
              .orElseGet(clock::instant);
      if (isEmergency(encounter)) {
        pathways.raise("diabetes", patient, "ae-attendance", at, request);
        pathways.raise("care-homes", patient, "hospital-conveyance", at, request);
      }
      if (isDischarge(encounter)) {
        enrol(
            "copd-post-discharge",
            patient,
            Optional.empty(),
            Optional.ofNullable(encounter.getPeriod().getEnd()).map(Date::toInstant),
            request);
      }
    } else if (resource instanceof RiskAssessment result && isPoorControl(result)) {
      pathways.raise(
          "diabetes",
          result.getSubject().getReferenceElement().getIdPart(),
          "poor-control",
          clock.instant(),
          request);
    } else if (resource instanceof Patient patient && PatientContexts.isDeceased(patient)) {
      pathways.endAll(
          patient.getIdElement().getIdPart(), "The patient died.", Optional.of("death"), request);
    }
  }

  /** A diabetes-control result in the poor-control band (HbA1c above 75 mmol/mol by default). */
  private static boolean isPoorControl(RiskAssessment result) {
    return result.getMethod().getCoding().stream()
            .anyMatch(
                c -> RISK_MODEL.equals(c.getSystem()) && DiabetesControl.MODEL.equals(c.getCode()))
        && result.getPrediction().stream()
            .flatMap(p -> p.getQualitativeRisk().getCoding().stream())
            .anyMatch(
                c ->
                    DIABETES_CONTROL.equals(c.getSystem())
                        && DiabetesControlResult.Band.POOR_CONTROL.code().equals(c.getCode()));
  }

  private void diabetes(String patient, RequestDetails request) {
    switch (diabetesTrigger) {
      case "enrol" -> enrol("diabetes", patient, Optional.empty(), Optional.empty(), request);
      case "suggest" -> suggest(patient, "diabetes", request);
      default -> {}
    }
  }

  private void enrol(
      String pathway,
      String patient,
      Optional<String> setting,
      Optional<Instant> start,
      RequestDetails request) {
    pathways
        .catalogue()
        .byCode(pathway)
        .ifPresent(
            definition -> {
              EnrolmentOutcome outcome =
                  pathways.enrol(definition, patient, setting, start, request);
              if (outcome instanceof EnrolmentOutcome.Ineligible) {
                log.info("Trigger for {}: the patient is not eligible", pathway);
              }
            });
  }

  /** A coordinator suggestion to enrol (configuration {@code suggest}). */
  private void suggest(String patient, String pathway, RequestDetails request) {
    transactions.executeWithoutResult(
        status -> {
          String id = "suggest-" + pathway + "-" + patient;
          if (Lookups.byId(daos, Task.class, id).isPresent()) {
            return;
          }
          Task task = new Task();
          task.setId(id);
          task.setStatus(Task.TaskStatus.READY);
          task.setIntent(Task.TaskIntent.PROPOSAL);
          task.setCode(
              new CodeableConcept(
                  new Coding(
                      StepClocks.SUGGESTION,
                      "pathway-enrolment",
                      "Consider enrolling the patient in a pathway")));
          task.setFor(new Reference("Patient/" + patient));
          task.addInput()
              .setType(new CodeableConcept().setText("pathway"))
              .setValue(new StringType(pathway));
          task.setAuthoredOn(Date.from(clock.instant()));
          Patient record =
              daos.getResourceDao(Patient.class).read(new IdType("Patient", patient), request);
          RegisteredPractices.of(record)
              .flatMap(practice -> patients.partOf(practice, request))
              .ifPresent(pcn -> task.setOwner(new Reference(pcn)));
          daos.getResourceDao(Task.class).update(task, request);
        });
  }

  private Set<String> group(Condition condition) {
    return conditionGroups.groupsOf(condition).stream()
        .filter(
            g -> g.equals(ConditionGroups.DIABETES) || g.equals(ConditionGroups.PALLIATIVE_CARE))
        .collect(Collectors.toSet());
  }

  private boolean isCareHome(String organisation, RequestDetails request) {
    return Lookups.byId(daos, Organization.class, organisation).stream()
        .flatMap(org -> org.getType().stream())
        .flatMap(t -> t.getCoding().stream())
        .anyMatch(
            c ->
                OrganisationType.SYSTEM.equals(c.getSystem())
                    && OrganisationType.CARE_HOME.code().equals(c.getCode()));
  }

  private static boolean isEmergency(Encounter encounter) {
    return "EMER".equals(encounter.getClass_().getCode())
        && encounter.getStatus() != Encounter.EncounterStatus.CANCELLED
        && encounter.getStatus() != Encounter.EncounterStatus.ENTEREDINERROR;
  }

  private static boolean isDischarge(Encounter encounter) {
    return "IMP".equals(encounter.getClass_().getCode())
        && encounter.getStatus() == Encounter.EncounterStatus.FINISHED;
  }
}
