package org.carepath.server.referral;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import org.carepath.coordination.pathway.ConditionGroups;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.carepath.server.pathway.ConditionGroupCodes;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seed 002: a dementia diagnosis refers the person to post-diagnostic support automatically. An
 * active dementia Condition (not unconfirmed, provisional, differential or refuted) records (in its
 * transaction) that the referral is due; after commit it is sent like any referral — a
 * ServiceRequest with the referral minimum data set, created at most once per patient (conditional
 * create on a referral number derived from the patient), routed through the service directory with
 * its tracking Task. Logs ids only.
 */
@Interceptor
class DementiaReferrals {

  static final TaskDescriptor<Void> REFER = TaskDescriptor.of("dementia-referral");
  private static final java.util.Set<String> NOT_CONFIRMED =
      java.util.Set.of("unconfirmed", "provisional", "differential", "refuted", "entered-in-error");
  private static final Logger log = LoggerFactory.getLogger(DementiaReferrals.class);

  private final ConditionGroupCodes groups;
  private final SchedulerClient scheduler;
  private final DaoRegistry daos;
  private final TransactionTemplate transactions;
  private final Coding supportService;
  private final Clock clock;

  DementiaReferrals(
      ConditionGroupCodes groups,
      SchedulerClient scheduler,
      DaoRegistry daos,
      TransactionTemplate transactions,
      Coding supportService,
      Clock clock) {
    this.groups = groups;
    this.scheduler = scheduler;
    this.daos = daos;
    this.transactions = transactions;
    this.supportService = supportService;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    consider(resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    consider(resource);
  }

  private void consider(IBaseResource resource) {
    if (resource instanceof Condition condition && isConfirmedDementia(condition)) {
      String instance =
          "Condition/"
              + condition.getIdElement().getIdPart()
              + "/"
              + condition.getIdElement().getVersionIdPart();
      scheduler.scheduleIfNotExists(REFER.instance(instance).scheduledTo(clock.instant()));
    }
  }

  private boolean isConfirmedDementia(Condition condition) {
    boolean confirmed =
        condition.getVerificationStatus().getCoding().stream()
            .noneMatch(c -> NOT_CONFIRMED.contains(c.getCode()));
    return confirmed && groups.groupsOf(condition).contains(ConditionGroups.DEMENTIA);
  }

  /** Sends the referral for the Condition version recorded in {@code instance}. */
  void refer(String instance) {
    transactions.executeWithoutResult(
        status -> {
          String conditionId = instance.split("/")[1];
          Optional<Condition> condition =
              Optional.ofNullable(
                      daos.getResourceDao(Condition.class)
                          .read(new IdType("Condition", conditionId), ReferralWrites.request()))
                  .filter(this::isConfirmedDementia);
          if (condition.isEmpty()) {
            return;
          }
          String patientId = condition.get().getSubject().getReferenceElement().getIdPart();
          Patient patient =
              daos.getResourceDao(Patient.class)
                  .read(new IdType("Patient", patientId), ReferralWrites.request());
          ServiceRequest referral = referral(condition.get(), patient);
          if (!referral.hasRequester()) {
            log.warn(
                "No dementia support referral for Condition {}: the patient has no registered"
                    + " practice to refer from",
                conditionId);
            return;
          }
          String number = referral.getIdentifierFirstRep().getValue();
          daos.getResourceDao(ServiceRequest.class)
              .create(
                  referral,
                  "identifier=" + ReferralResources.REFERRAL_NUMBER + "|" + number,
                  new SystemRequestDetails());
          log.info("Dementia post-diagnostic support referral sent for Condition {}", conditionId);
        });
  }

  /** The referral a dementia diagnosis makes (validated on write like any referral). */
  ServiceRequest referral(Condition condition, Patient patient) {
    String patientId = patient.getIdElement().getIdPart();
    ServiceRequest referral = new ServiceRequest();
    referral.getMeta().addProfile(ReferralResources.REFERRAL_PROFILE);
    referral
        .addIdentifier()
        .setSystem(ReferralResources.REFERRAL_NUMBER)
        .setValue("dementia-support-" + patientId);
    referral.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    referral.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    referral.addCategory(
        new CodeableConcept(
            new Coding(
                ReferralResources.SNOMED, ReferralResources.PATIENT_REFERRAL, "Patient referral")));
    referral.addCategory(
        new CodeableConcept(
            new Coding(
                "https://fhir.carepath.org/CodeSystem/referral-purpose",
                "treatment",
                "Treatment")));
    referral.setPriority(ServiceRequest.ServiceRequestPriority.ROUTINE);
    referral.setCode(
        new CodeableConcept(supportService.copy()).setText("Dementia post-diagnostic support"));
    referral.setPerformerType(new CodeableConcept(supportService.copy()));
    referral.setSubject(new Reference("Patient/" + patientId));
    referral.setAuthoredOn(Date.from(clock.instant()));
    patient.getGeneralPractitioner().stream()
        .filter(gp -> "Organization".equals(gp.getReferenceElement().getResourceType()))
        .findFirst()
        .ifPresent(practice -> referral.setRequester(new Reference(practice.getReference())));
    referral.addReasonCode(condition.getCode().copy());
    referral.addReasonReference(new Reference("Condition/" + condition.getIdElement().getIdPart()));
    referral
        .addNote()
        .setText(
            "Automatic referral after a dementia diagnosis (seed 002): please offer"
                + " post-diagnostic support to the person and their carers.");
    return referral;
  }
}
