package org.carepath.server.pathway;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import java.time.Clock;
import java.util.Optional;
import org.carepath.coordination.organisation.OrganisationType;
import org.carepath.coordination.pathway.EnrolmentOutcome;
import org.carepath.coordination.pathway.PathwayDefinition;
import org.carepath.coordination.pathway.PathwayTriggerPolicy;
import org.carepath.coordination.pathway.RecordEvent;
import org.carepath.coordination.pathway.TriggeredAction;
import org.carepath.coordination.pathway.fhir.EnrolmentSuggestions;
import org.carepath.coordination.pathway.fhir.RecordEvents;
import org.carepath.server.fhir.Lookups;
import org.carepath.server.organisation.RegisteredPractices;
import org.carepath.server.scheduling.WorkOnWrite;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pathways started or moved by data, whoever writes it: a stored version whose data may start or
 * move a pathway ({@link #isDue}, asked before commit) makes this work due ({@code WorkOnWrite});
 * after commit it reads that version, asks {@link PathwayTriggerPolicy} what its events do, and
 * does it — enrol, suggest, raise an event on every pathway listening for it, end every pathway.
 * Logs resource ids only.
 */
record PathwayTriggerJob(
    RecordEvents events,
    PathwayTriggerPolicy policy,
    Pathways pathways,
    PatientContexts patients,
    DaoRegistry daos,
    TransactionTemplate transactions,
    Clock clock) {

  static final TaskDescriptor<Void> TRIGGER = TaskDescriptor.of("pathway-trigger");
  private static final Logger log = LoggerFactory.getLogger(PathwayTriggerJob.class);

  /** Whether a stored version may start or move a pathway (nothing is read). */
  boolean isDue(IBaseResource previous, IBaseResource current) {
    return events.of(previous, current, clock.instant()).stream().anyMatch(policy::mayAct);
  }

  /** Runs the trigger recorded for one resource version. */
  void run(String instance) {
    IdType version = WorkOnWrite.version(instance);
    RequestDetails request = EngineWrites.request();
    Resource resource;
    try {
      resource = (Resource) daos.getResourceDao(version.getResourceType()).read(version, request);
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      return;
    }
    for (RecordEvent event : events.of(null, resource, clock.instant())) {
      for (TriggeredAction action : policy.actionsFor(event, this::isCareHome)) {
        apply(event.patientId(), action, request);
      }
    }
  }

  private void apply(String patient, TriggeredAction action, RequestDetails request) {
    if (action instanceof TriggeredAction.Enrol enrol) {
      pathways
          .catalogue()
          .byCode(enrol.pathway())
          .ifPresent(pathway -> enrol(pathway, patient, enrol, request));
    } else if (action instanceof TriggeredAction.SuggestEnrolment suggest) {
      suggest(suggest.pathway(), patient, request);
    } else if (action instanceof TriggeredAction.RaiseEvent raise) {
      for (PathwayDefinition pathway : pathways.catalogue().listeningTo(raise.event())) {
        pathways.raise(pathway.code(), patient, raise.event(), raise.at(), request);
      }
    } else if (action instanceof TriggeredAction.EndAllPathways end) {
      pathways.endAll(patient, end.reason(), Optional.of(end.closingEvent()), request);
    }
  }

  private void enrol(
      PathwayDefinition pathway,
      String patient,
      TriggeredAction.Enrol enrol,
      RequestDetails request) {
    EnrolmentOutcome outcome =
        pathways.enrol(pathway, patient, enrol.setting(), enrol.start(), request);
    if (outcome instanceof EnrolmentOutcome.Ineligible) {
      log.info("Trigger for {}: the patient is not eligible", pathway.code());
    }
  }

  /** A coordinator suggestion to enrol, owned by the patient's PCN; at most one. */
  private void suggest(String pathway, String patient, RequestDetails request) {
    transactions.executeWithoutResult(
        status -> {
          if (Lookups.byId(daos, Task.class, EnrolmentSuggestions.id(pathway, patient))
              .isPresent()) {
            return;
          }
          Optional<String> pcn =
              Lookups.byId(daos, Patient.class, patient)
                  .flatMap(RegisteredPractices::of)
                  .flatMap(practice -> patients.partOf(practice, request));
          daos.getResourceDao(Task.class)
              .update(
                  EnrolmentSuggestions.suggestion(pathway, patient, pcn, clock.instant()), request);
        });
  }

  private boolean isCareHome(String organisation) {
    return Lookups.byId(daos, Organization.class, organisation).stream()
        .flatMap(org -> org.getType().stream())
        .flatMap(type -> type.getCoding().stream())
        .anyMatch(
            c ->
                OrganisationType.SYSTEM.equals(c.getSystem())
                    && OrganisationType.CARE_HOME.code().equals(c.getCode()));
  }
}
