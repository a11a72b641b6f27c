package org.carepath.coordination.pathway.fhir;

import static org.carepath.coordination.pathway.fhir.PathwayDefinitionReader.CARE_ROLE_SYSTEM;
import static org.carepath.coordination.pathway.fhir.PathwayDefinitionReader.STEP_SYSTEM;

import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.pathway.Enrolment;
import org.carepath.coordination.pathway.Enrolment.EnrolmentStatus;
import org.carepath.coordination.pathway.PathwayDefinition;
import org.carepath.coordination.pathway.Step;
import org.carepath.coordination.pathway.StepDefinition;
import org.carepath.coordination.pathway.StepStatus;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * An enrolment as FHIR resources and back: a CarePlan (the shared plan: one activity per step
 * occurrence, mirroring its status and due date) and one Task per step occurrence (what
 * participants work: status, owner, due date in {@code restriction.period.end}, reason in {@code
 * statusReason}). A step waiting for its prerequisites is a {@code draft} Task; a skipped step is a
 * {@code cancelled} Task with reason {@code not-applicable}.
 */
public final class EnrolmentResources {

  public static final String PATHWAY_EXTENSION = Canonical.BASE + "/StructureDefinition/pathway";
  public static final String PATHWAY_TASK_PROFILE =
      Canonical.BASE + "/StructureDefinition/carepath-pathway-task";
  public static final String PATHWAY_CARE_PLAN_PROFILE =
      Canonical.BASE + "/StructureDefinition/carepath-pathway-care-plan";
  public static final String CARE_PLAN_CATEGORY = Canonical.BASE + "/CodeSystem/care-plan-category";
  public static final String TASK_REASON = Canonical.BASE + "/CodeSystem/task-reason";
  public static final String NOT_APPLICABLE = "not-applicable";
  public static final String PATHWAY_ENDED = "pathway-ended";
  public static final String STEP_OUTCOME = Canonical.BASE + "/CodeSystem/step-outcome";

  private EnrolmentResources() {}

  /** The Task for a step occurrence (new, or {@code existing} brought up to date). */
  public static Task task(
      PathwayDefinition pathway,
      Enrolment enrolment,
      String carePlanReference,
      Step step,
      Optional<Task> existing,
      Instant now) {
    StepDefinition definition = pathway.requireStep(step.code());
    Task task = existing.map(Task::copy).orElseGet(Task::new);
    if (existing.isEmpty()) {
      task.getMeta().addProfile(PATHWAY_TASK_PROFILE);
      task.addExtension(PATHWAY_EXTENSION, new CanonicalType(pathway.url()));
      task.setInstantiatesCanonical(definition.definition());
      task.addBasedOn(new Reference(carePlanReference));
      task.setIntent(Task.TaskIntent.ORDER);
      task.setCode(
          new CodeableConcept(new Coding(STEP_SYSTEM, definition.code(), definition.display())));
      task.setDescription(definition.display());
      task.setFor(new Reference("Patient/" + enrolment.patient()));
      task.setAuthoredOn(Date.from(now));
      task.addPerformerType(
          new CodeableConcept(new Coding(CARE_ROLE_SYSTEM, definition.participant().role(), null)));
      step.owner().ifPresent(owner -> task.setOwner(new Reference(owner)));
    }
    task.setStatus(taskStatus(step.status()));
    task.setLastModified(Date.from(now));
    step.due().ifPresent(due -> task.getRestriction().getPeriod().setEnd(Date.from(due)));
    step.ended().ifPresent(ended -> task.getExecutionPeriod().setEnd(Date.from(ended)));
    if (step.reason().isPresent() && !task.hasStatusReason()) {
      String code =
          step.status() == StepStatus.SKIPPED
              ? NOT_APPLICABLE
              : step.status() == StepStatus.CANCELLED ? PATHWAY_ENDED : null;
      CodeableConcept reason = new CodeableConcept().setText(step.reason().get());
      if (code != null) {
        reason.addCoding(new Coding(TASK_REASON, code, null));
      }
      task.setStatusReason(reason);
    }
    return task;
  }

  /** The outcome a participant recorded on the step (Task.output, CodeSystem step-outcome). */
  public static Optional<String> outcome(Task task) {
    return task.getOutput().stream()
        .filter(output -> output.getValue() instanceof CodeableConcept)
        .flatMap(output -> ((CodeableConcept) output.getValue()).getCoding().stream())
        .filter(coding -> STEP_OUTCOME.equals(coding.getSystem()) && coding.hasCode())
        .map(Coding::getCode)
        .findFirst();
  }

  /** The step a stored Task records. */
  public static Step step(Task task) {
    return new Step(
        Optional.ofNullable(task.getIdElement().getIdPart()),
        stepCode(task).orElseThrow(() -> new IllegalArgumentException("not a pathway step")),
        stepStatus(task),
        task.hasOwner() ? Optional.of(task.getOwner().getReference()) : Optional.empty(),
        Optional.ofNullable(task.getRestriction().getPeriod().getEnd()).map(Date::toInstant),
        Optional.ofNullable(task.getExecutionPeriod().getEnd()).map(Date::toInstant),
        reason(task));
  }

  public static Optional<String> stepCode(Task task) {
    return task.getCode().getCoding().stream()
        .filter(c -> STEP_SYSTEM.equals(c.getSystem()))
        .map(Coding::getCode)
        .findFirst();
  }

  /** The pathway a step Task names (its PlanDefinition canonical, without version). */
  public static Optional<String> pathwayUrl(Task task) {
    return Optional.ofNullable(task.getExtensionByUrl(PATHWAY_EXTENSION))
        .map(extension -> extension.getValue().primitiveValue())
        .map(canonical -> canonical.split("\\|")[0]);
  }

  public static StepStatus stepStatus(Task task) {
    if (task.getStatus() == null || task.getStatus() == TaskStatus.NULL) {
      throw new IllegalArgumentException("a step Task needs a status");
    }
    return stepStatus(task.getStatus(), hasReasonCode(task, NOT_APPLICABLE));
  }

  private static StepStatus stepStatus(TaskStatus status, boolean notApplicable) {
    return switch (status) {
      case DRAFT -> StepStatus.WAITING;
      case REQUESTED, RECEIVED, ACCEPTED, READY -> StepStatus.READY;
      case INPROGRESS -> StepStatus.IN_PROGRESS;
      case ONHOLD -> StepStatus.ON_HOLD;
      case COMPLETED -> StepStatus.COMPLETED;
      case CANCELLED, ENTEREDINERROR -> notApplicable ? StepStatus.SKIPPED : StepStatus.CANCELLED;
      case REJECTED, FAILED, NULL -> StepStatus.DECLINED;
    };
  }

  /**
   * The Task status codes of steps {@code which} selects, in the order FHIR lists them: the one
   * definition SQL over stored steps uses (e.g. open steps: {@link StepStatus#isOpen()}). A
   * cancelled Task is a cancelled or a skipped step, so it is selected when either is.
   */
  public static List<String> taskStatusCodes(Predicate<StepStatus> which) {
    return Arrays.stream(TaskStatus.values())
        .filter(status -> status != TaskStatus.NULL)
        .filter(
            status -> which.test(stepStatus(status, false)) || which.test(stepStatus(status, true)))
        .map(TaskStatus::toCode)
        .toList();
  }

  public static TaskStatus taskStatus(StepStatus status) {
    return switch (status) {
      case WAITING -> TaskStatus.DRAFT;
      case READY -> TaskStatus.READY;
      case IN_PROGRESS -> TaskStatus.INPROGRESS;
      case ON_HOLD -> TaskStatus.ONHOLD;
      case COMPLETED -> TaskStatus.COMPLETED;
      case CANCELLED, SKIPPED -> TaskStatus.CANCELLED;
      case DECLINED -> TaskStatus.REJECTED;
    };
  }

  /** Why a step Task was declined, cancelled or skipped (text, else the coding's code). */
  public static Optional<String> reason(Task task) {
    if (!task.hasStatusReason()) {
      return Optional.empty();
    }
    CodeableConcept reason = task.getStatusReason();
    if (reason.hasText()) {
      return Optional.of(reason.getText());
    }
    return reason.getCoding().stream()
        .map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode())
        .filter(s -> s != null && !s.isBlank())
        .findFirst();
  }

  private static boolean hasReasonCode(Task task, String code) {
    return task.getStatusReason().getCoding().stream()
        .anyMatch(c -> TASK_REASON.equals(c.getSystem()) && code.equals(c.getCode()));
  }

  /** The shared care plan of an enrolment (a new one, or {@code existing} brought up to date). */
  public static CarePlan carePlan(
      PathwayDefinition pathway,
      Enrolment enrolment,
      String careTeamReference,
      String author,
      Optional<CarePlan> existing) {
    CarePlan plan = existing.map(CarePlan::copy).orElseGet(CarePlan::new);
    if (existing.isEmpty()) {
      plan.getMeta().addProfile(PATHWAY_CARE_PLAN_PROFILE);
      plan.addInstantiatesCanonical(pathway.url());
      plan.setIntent(CarePlan.CarePlanIntent.PLAN);
      plan.addCategory(
          new CodeableConcept(new Coding(CARE_PLAN_CATEGORY, "pathway", "Care pathway enrolment")));
      plan.setTitle(pathway.title());
      plan.setSubject(new Reference("Patient/" + enrolment.patient()));
      plan.setPeriod(new Period().setStart(Date.from(enrolment.start())));
      plan.addCareTeam(new Reference(careTeamReference));
      plan.setAuthor(new Reference(author));
    }
    plan.setStatus(
        switch (enrolment.status()) {
          case ACTIVE -> CarePlan.CarePlanStatus.ACTIVE;
          case COMPLETED -> CarePlan.CarePlanStatus.COMPLETED;
          case ENDED -> CarePlan.CarePlanStatus.REVOKED;
        });
    if (enrolment.status() != EnrolmentStatus.ACTIVE && !plan.getPeriod().hasEnd()) {
      enrolment.steps().stream()
          .map(Step::ended)
          .flatMap(Optional::stream)
          .max(Instant::compareTo)
          .ifPresent(end -> plan.getPeriod().setEnd(Date.from(end)));
    }
    enrolment
        .endReason()
        .ifPresent(
            reason ->
                plan.getNote().stream()
                    .filter(note -> reason.equals(note.getText()))
                    .findFirst()
                    .orElseGet(() -> plan.addNote().setText(reason)));
    plan.getActivity().clear();
    for (Step step : enrolment.steps()) {
      StepDefinition definition = pathway.requireStep(step.code());
      var activity = plan.addActivity();
      step.id().ifPresent(id -> activity.addOutcomeReference(new Reference("Task/" + id)));
      var detail = activity.getDetail();
      detail.setKind(CarePlan.CarePlanActivityKind.TASK);
      detail.addInstantiatesCanonical(definition.definition());
      detail.setCode(
          new CodeableConcept(new Coding(STEP_SYSTEM, definition.code(), definition.display())));
      detail.setStatus(activityStatus(step.status()));
      step.reason()
          .ifPresent(reason -> detail.setStatusReason(new CodeableConcept().setText(reason)));
      step.due().ifPresent(due -> detail.setScheduled(new Period().setEnd(Date.from(due))));
      step.owner().ifPresent(owner -> detail.addPerformer(new Reference(owner)));
    }
    return plan;
  }

  /** The enrolment a stored CarePlan and its step Tasks record. */
  public static Enrolment enrolment(CarePlan plan, String pathwayCode, List<Task> tasks) {
    EnrolmentStatus status =
        switch (plan.getStatus()) {
          case ACTIVE, DRAFT, ONHOLD -> EnrolmentStatus.ACTIVE;
          case COMPLETED -> EnrolmentStatus.COMPLETED;
          default -> EnrolmentStatus.ENDED;
        };
    List<Step> steps =
        tasks.stream()
            .sorted(
                (a, b) -> {
                  int byAuthored = a.getAuthoredOn().compareTo(b.getAuthoredOn());
                  return byAuthored != 0 ? byAuthored : byId(a).compareTo(byId(b));
                })
            .map(EnrolmentResources::step)
            .toList();
    return new Enrolment(
        Optional.of(plan.getIdElement().getIdPart()),
        plan.getSubject().getReferenceElement().getIdPart(),
        pathwayCode,
        plan.getPeriod().getStart().toInstant(),
        status,
        status == EnrolmentStatus.ENDED && plan.hasNote()
            ? Optional.of(plan.getNoteFirstRep().getText())
            : Optional.empty(),
        steps);
  }

  /** Server-assigned numeric ids sort by length first, so 9 comes before 10. */
  private static String byId(Task task) {
    String id = task.getIdElement().getIdPart();
    return id == null ? "" : String.format("%20s", id);
  }

  private static CarePlanActivityStatus activityStatus(StepStatus status) {
    return switch (status) {
      case WAITING -> CarePlanActivityStatus.NOTSTARTED;
      case READY -> CarePlanActivityStatus.SCHEDULED;
      case IN_PROGRESS -> CarePlanActivityStatus.INPROGRESS;
      case ON_HOLD -> CarePlanActivityStatus.ONHOLD;
      case COMPLETED -> CarePlanActivityStatus.COMPLETED;
      case CANCELLED, SKIPPED -> CarePlanActivityStatus.CANCELLED;
      case DECLINED -> CarePlanActivityStatus.STOPPED;
    };
  }
}
