package org.carepath.server.pathway;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.pathway.Step;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.carepath.coordination.pathway.fhir.PathwayDefinitionReader;
import org.carepath.server.fhir.Lookups;
import org.carepath.server.organisation.RegisteredPractices;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Step clocks on db-scheduler (durable, cluster-safe: each clock is one scheduled execution that
 * exactly one replica claims; it survives restarts). When an open step passes its due date it
 * becomes {@code breaching} and an escalation Task goes to the coordinator (the patient's PCN); if
 * the step is still open {@code clinicalLeadAfter} later, a second goes to the clinical lead (the
 * patient's practice). Escalation Tasks have ids derived from the step's, so a repeated execution
 * finds them instead of writing twice. Logs Task ids only.
 */
class StepClocks {

  static final TaskDescriptor<Void> DUE = TaskDescriptor.of("pathway-step-due");
  static final TaskDescriptor<Void> CLINICAL_LEAD = TaskDescriptor.of("pathway-step-escalation");
  static final String BUSINESS_STATUS = Canonical.BASE + "/CodeSystem/task-business-status";
  static final String SUGGESTION = Canonical.BASE + "/CodeSystem/coordinator-suggestion";

  private final DaoRegistry daos;
  private final SchedulerClient scheduler;
  private final TransactionTemplate transactions;
  private final PatientContexts patients;
  private final Clock clock;
  private final Duration clinicalLeadAfter;

  StepClocks(
      DaoRegistry daos,
      SchedulerClient scheduler,
      TransactionTemplate transactions,
      PatientContexts patients,
      Clock clock,
      Duration clinicalLeadAfter) {
    this.daos = daos;
    this.scheduler = scheduler;
    this.transactions = transactions;
    this.patients = patients;
    this.clock = clock;
    this.clinicalLeadAfter = clinicalLeadAfter;
  }

  /** Sets the step's clock to its due date (in the caller's transaction). */
  void schedule(String taskId, Instant due) {
    if (!scheduler.scheduleIfNotExists(DUE.instance(taskId).scheduledTo(due))) {
      scheduler
          .getScheduledExecution(DUE.instance(taskId).build())
          .filter(execution -> !execution.getExecutionTime().equals(due) && !execution.isPicked())
          .ifPresent(execution -> scheduler.reschedule(DUE.instance(taskId).build(), due));
    }
  }

  /**
   * The clock of step {@code taskId} fired: escalates if it is open and past due; answers a later
   * due date to wait for, if it moved.
   */
  Optional<Instant> dueReached(String taskId) {
    return transactions.execute(
        status -> {
          RequestDetails request = EngineWrites.request();
          Optional<Task> found = read(taskId, request);
          Optional<Step> open =
              found.map(EnrolmentResources::step).filter(s -> s.status().isOpen());
          if (open.isEmpty() || open.get().due().isEmpty()) {
            return Optional.<Instant>empty();
          }
          Instant now = clock.instant();
          if (!open.get().isBreaching(now)) {
            return open.get().due();
          }
          Task step = found.get();
          if (!hasBusinessStatus(step)) {
            step.setBusinessStatus(businessStatus("breaching", "Breaching"));
            daos.getResourceDao(Task.class).update(step, request);
          }
          String patient = step.getFor().getReferenceElement().getIdPart();
          Optional<String> practice = practice(patient, request);
          Optional<String> pcn = practice.flatMap(p -> patients.partOf(p, request));
          escalate(step, "esc1-" + taskId, pcn, "care-coordinator", "escalated", request);
          scheduler.scheduleIfNotExists(
              CLINICAL_LEAD.instance(taskId).scheduledTo(now.plus(clinicalLeadAfter)));
          return Optional.<Instant>empty();
        });
  }

  /** The coordinator's escalation has been open too long: the clinical lead is asked too. */
  void clinicalLeadDue(String taskId) {
    transactions.executeWithoutResult(
        status -> {
          RequestDetails request = EngineWrites.request();
          Optional<Task> found = read(taskId, request);
          if (found.isEmpty() || !EnrolmentResources.stepStatus(found.get()).isOpen()) {
            return;
          }
          Task step = found.get();
          step.setBusinessStatus(
              businessStatus("escalated-to-clinical-lead", "Escalated to clinical lead"));
          daos.getResourceDao(Task.class).update(step, request);
          Optional<String> practice =
              practice(step.getFor().getReferenceElement().getIdPart(), request);
          escalate(step, "esc2-" + taskId, practice, "gp", "escalated-to-clinical-lead", request);
        });
  }

  private void escalate(
      Task step,
      String id,
      Optional<String> owner,
      String role,
      String level,
      RequestDetails request) {
    IFhirResourceDao<Task> dao = daos.getResourceDao(Task.class);
    if (read(id, request).isPresent()) {
      return;
    }
    Task escalation = new Task();
    escalation.setId(id);
    escalation.setStatus(Task.TaskStatus.READY);
    escalation.setIntent(Task.TaskIntent.ORDER);
    escalation.setPriority(Task.TaskPriority.URGENT);
    escalation.setCode(
        new CodeableConcept(
            new Coding(SUGGESTION, "step-breaching", "A pathway step is past its due date")));
    escalation.setBusinessStatus(businessStatus(level, null));
    escalation.setDescription(
        "Overdue: "
            + step.getDescription()
            + " (due "
            + step.getRestriction().getPeriod().getEndElement().getValueAsString()
            + ")");
    escalation.setFocus(new Reference("Task/" + step.getIdElement().getIdPart()));
    escalation.setFor(step.getFor());
    escalation.setBasedOn(step.getBasedOn());
    escalation.setAuthoredOn(Date.from(clock.instant()));
    escalation.addPerformerType(
        new CodeableConcept(new Coding(PathwayDefinitionReader.CARE_ROLE_SYSTEM, role, null)));
    owner.ifPresent(o -> escalation.setOwner(new Reference(o)));
    dao.update(escalation, request);
  }

  private Optional<String> practice(String patientId, RequestDetails request) {
    return Lookups.byId(daos, Patient.class, patientId).flatMap(RegisteredPractices::of);
  }

  private Optional<Task> read(String id, RequestDetails request) {
    return Lookups.byId(daos, Task.class, id);
  }

  private static boolean hasBusinessStatus(Task task) {
    return task.getBusinessStatus().getCoding().stream()
        .anyMatch(c -> BUSINESS_STATUS.equals(c.getSystem()) && !"on-track".equals(c.getCode()));
  }

  private static CodeableConcept businessStatus(String code, String display) {
    return new CodeableConcept(new Coding(BUSINESS_STATUS, code, display));
  }
}
