package org.carepath.server.referral;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.carepath.coordination.referral.ReferralStatus;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.carepath.coordination.referral.fhir.ServiceDirectoryReader;
import org.carepath.server.pathway.ReferralEntry;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Referral work that happens later, durable and cluster-safe on db-scheduler (recorded in the
 * write's transaction, run by exactly one replica, surviving restarts): the acceptance clock — a
 * referral not accepted by its due date becomes {@code breaching}, which worklists show ({@code
 * Task?owner=…&business-status=breaching}) — and a HOT clinic's acceptance enrolling the patient in
 * the HOT clinic pathway. Logs Task ids only.
 */
class ReferralClocks {

  static final TaskDescriptor<Void> ACCEPT_DUE = TaskDescriptor.of("referral-accept-due");
  static final TaskDescriptor<Void> ACCEPTED = TaskDescriptor.of("referral-accepted");
  static final String HOT_CLINIC_PATHWAY = "hot-clinic";
  static final String HOT_CLINIC_ACCEPT_STEP = "hot-clinic-accept";
  private static final Logger log = LoggerFactory.getLogger(ReferralClocks.class);

  private final DaoRegistry daos;
  private final SchedulerClient scheduler;
  private final TransactionTemplate transactions;
  private final Referrals referrals;
  private final ReferralEntry pathways;
  private final Clock clock;

  ReferralClocks(
      DaoRegistry daos,
      SchedulerClient scheduler,
      TransactionTemplate transactions,
      Referrals referrals,
      ReferralEntry pathways,
      Clock clock) {
    this.daos = daos;
    this.scheduler = scheduler;
    this.transactions = transactions;
    this.referrals = referrals;
    this.pathways = pathways;
    this.clock = clock;
  }

  /** Sets the referral's acceptance clock (in the caller's transaction) while it waits. */
  void keep(Task task) {
    if (!awaitsAcceptance(task) || !task.getRestriction().getPeriod().hasEnd()) {
      return;
    }
    String id = task.getIdElement().getIdPart();
    Instant due = task.getRestriction().getPeriod().getEnd().toInstant();
    if (!scheduler.scheduleIfNotExists(ACCEPT_DUE.instance(id).scheduledTo(due))) {
      scheduler
          .getScheduledExecution(ACCEPT_DUE.instance(id).build())
          .filter(execution -> !execution.getExecutionTime().equals(due) && !execution.isPicked())
          .ifPresent(execution -> scheduler.reschedule(ACCEPT_DUE.instance(id).build(), due));
    }
  }

  /** A HOT clinic accepted the referral: the pathway enrolment is due (after commit). */
  void acceptedNow(Task before, Task after) {
    boolean accepted =
        ReferralResources.status(before) != ReferralStatus.ACCEPTED
            && ReferralResources.status(after) == ReferralStatus.ACCEPTED;
    boolean hotClinic =
        after.getPerformerType().stream()
            .anyMatch(type -> referrals.clocks().isHotClinic(ServiceDirectoryReader.codes(type)));
    if (accepted && hotClinic) {
      scheduler.scheduleIfNotExists(
          ACCEPTED.instance(after.getIdElement().getIdPart()).scheduledTo(clock.instant()));
    }
  }

  /** The clock of referral Task {@code taskId} fired. */
  void acceptDue(String taskId) {
    transactions.executeWithoutResult(
        status -> {
          Optional<Task> found = referrals.task(taskId).filter(ReferralClocks::awaitsAcceptance);
          if (found.isEmpty() || !found.get().getRestriction().getPeriod().hasEnd()) {
            return;
          }
          Task task = found.get();
          Instant due = task.getRestriction().getPeriod().getEnd().toInstant();
          if (clock.instant().isBefore(due)
              || ReferralResources.hasBusinessStatus(task, "breaching")) {
            return;
          }
          task.setBusinessStatus(
              new CodeableConcept(
                  new Coding(ReferralResources.BUSINESS_STATUS, "breaching", "Breaching")));
          daos.getResourceDao(Task.class).update(task, ReferralWrites.request());
          log.info("Referral Task {} is breaching its acceptance target", taskId);
        });
  }

  /** Enrols the patient of accepted HOT clinic referral {@code taskId} in the pathway. */
  void accepted(String taskId) {
    transactions.executeWithoutResult(
        status -> {
          Optional<Task> found = referrals.task(taskId);
          Optional<ServiceRequest> referral = found.flatMap(referrals::referral);
          if (found.isEmpty() || referral.isEmpty()) {
            return;
          }
          Task task = found.get();
          Instant sent =
              referral.get().hasAuthoredOn()
                  ? referral.get().getAuthoredOn().toInstant()
                  : task.getAuthoredOn().toInstant();
          ReferralEntry.Result result =
              pathways.accepted(
                  HOT_CLINIC_PATHWAY,
                  task.getFor().getReferenceElement().getIdPart(),
                  sent,
                  HOT_CLINIC_ACCEPT_STEP);
          String note;
          if (result instanceof ReferralEntry.Result.Enrolled enrolled) {
            note = "Enrolled in the HOT clinic pathway: CarePlan/" + enrolled.carePlanId();
          } else if (result instanceof ReferralEntry.Result.AlreadyEnrolled already) {
            note = "Already in the HOT clinic pathway: CarePlan/" + already.carePlanId();
          } else {
            note =
                "Not enrolled in the HOT clinic pathway: "
                    + ((ReferralEntry.Result.Ineligible) result).reason();
          }
          task.addNote().setText(note);
          daos.getResourceDao(Task.class).update(task, ReferralWrites.request());
          log.info(
              "Accepted HOT clinic referral Task {}: {}",
              taskId,
              result.getClass().getSimpleName());
        });
  }

  private static boolean awaitsAcceptance(Task task) {
    ReferralStatus status = ReferralResources.status(task);
    return status == ReferralStatus.REQUESTED || status == ReferralStatus.RECEIVED;
  }
}
