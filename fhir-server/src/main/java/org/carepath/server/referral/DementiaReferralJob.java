package org.carepath.server.referral;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import java.time.Clock;
import java.util.Optional;
import org.carepath.coordination.pathway.fhir.ConditionGroupCodes;
import org.carepath.coordination.referral.DementiaReferralPolicy;
import org.carepath.coordination.referral.fhir.DementiaReferralMapper;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.carepath.coordination.terminology.Code;
import org.carepath.server.fhir.Lookups;
import org.carepath.server.organisation.RegisteredPractices;
import org.carepath.server.scheduling.WorkOnWrite;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seed 002's automatic referral: a stored confirmed dementia diagnosis ({@link #isDue}, asked
 * before commit) makes this work due ({@code WorkOnWrite}); after commit it re-reads the Condition,
 * asks {@link DementiaReferralPolicy}, and creates the post-diagnostic support referral at most
 * once per patient (conditional create on its referral number); it is then routed like any
 * referral, with its tracking Task. Logs ids only.
 */
record DementiaReferralJob(
    DementiaReferralPolicy policy,
    ConditionGroupCodes groups,
    DaoRegistry daos,
    TransactionTemplate transactions,
    Code supportService,
    Clock clock) {

  static final TaskDescriptor<Void> REFER = TaskDescriptor.of("dementia-referral");
  private static final Logger log = LoggerFactory.getLogger(DementiaReferralJob.class);

  /** Whether a stored version is a confirmed dementia diagnosis (nothing is read). */
  boolean isDue(IBaseResource previous, IBaseResource current) {
    return current instanceof Condition condition
        && policy.isConfirmedDementia(
            groups.groupsOf(condition), DementiaReferralMapper.verificationStatuses(condition));
  }

  /** Sends the referral for the Condition version recorded in {@code instance}. */
  void refer(String instance) {
    String conditionId = WorkOnWrite.version(instance).getIdPart();
    transactions.executeWithoutResult(
        status ->
            Lookups.byId(daos, Condition.class, conditionId)
                .ifPresent(condition -> refer(conditionId, condition)));
  }

  private void refer(String conditionId, Condition condition) {
    String patientId = condition.getSubject().getReferenceElement().getIdPart();
    Optional<String> practice =
        Lookups.byId(daos, Patient.class, patientId).flatMap(RegisteredPractices::of);
    DementiaReferralPolicy.Decision decision =
        policy.decide(
            groups.groupsOf(condition),
            DementiaReferralMapper.verificationStatuses(condition),
            practice);
    if (decision instanceof DementiaReferralPolicy.Decision.NoReferral none) {
      // A diagnosis no longer confirmed is expected; a confirmed one that refers nobody is not.
      if (policy.isConfirmedDementia(
          groups.groupsOf(condition), DementiaReferralMapper.verificationStatuses(condition))) {
        log.warn("No dementia support referral for Condition {}: {}", conditionId, none.reason());
      }
      return;
    }
    ServiceRequest referral =
        DementiaReferralMapper.referral(
            condition, patientId, practice.get(), supportService, clock.instant());
    daos.getResourceDao(ServiceRequest.class)
        .create(
            referral,
            "identifier="
                + ReferralResources.REFERRAL_NUMBER
                + "|"
                + DementiaReferralMapper.referralNumber(patientId),
            new SystemRequestDetails());
    log.info("Dementia post-diagnostic support referral sent for Condition {}", conditionId);
  }
}
