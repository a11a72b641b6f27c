package org.carepath.server.referral;

import static org.carepath.server.fhir.StoredVersionInterceptor.onStorage;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.carepath.coordination.pathway.WorkingCalendar;
import org.carepath.coordination.pathway.fhir.ConditionGroupCodes;
import org.carepath.coordination.referral.DementiaReferralPolicy;
import org.carepath.coordination.referral.FallsReferralPolicy;
import org.carepath.coordination.referral.ReferralClockPolicy;
import org.carepath.coordination.referral.ReferralLifecyclePolicy;
import org.carepath.coordination.referral.ReferralMessagePolicy;
import org.carepath.coordination.referral.ServiceDirectoryRoutingPolicy;
import org.carepath.coordination.referral.fhir.ReferralMessages;
import org.carepath.coordination.terminology.Code;
import org.carepath.server.conformance.CarepathValidator;
import org.carepath.server.organisation.OrganisationTree;
import org.carepath.server.organisation.RegisteredPractices;
import org.carepath.server.pathway.PathwayProperties;
import org.carepath.server.pathway.ReferralEntry;
import org.carepath.server.scheduling.Retries;
import org.carepath.server.scheduling.WorkOnWrite;
import org.carepath.server.security.RoleActivities;
import org.carepath.server.subscription.DeliveryCheck;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closed-loop referrals: intake (idempotent on the referral number, clinical rules, the tracking
 * Task), routing through the service directory, the lifecycle, acceptance clocks, the HOT clinic's
 * pathway and dementia's automatic referral. Notifications are the subscription feature's.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReferralProperties.class)
public class ReferralConfiguration {

  /** The HOT clinic's acceptance clock is its pathway's acceptance step (one number). */
  @Bean
  ReferralClockPolicy referralClockPolicy(
      ReferralProperties properties, PathwayProperties pathwayProperties, ReferralEntry pathways) {
    return new ReferralClockPolicy(
        codes(properties.hotClinicServiceTypes()),
        pathways.timing(ReferralClocks.HOT_CLINIC_PATHWAY, ReferralClocks.HOT_CLINIC_ACCEPT_STEP),
        properties.urgentAcceptWorkingDays(),
        properties.routineAcceptWorkingDays(),
        pathwayProperties.zone(),
        new WorkingCalendar(new HashSet<>(pathwayProperties.bankHolidays())));
  }

  @Bean
  Referrals referrals(
      DaoRegistry daos,
      DataSource dataSource,
      OrganisationTree organisations,
      RegisteredPractices practices,
      ReferralClockPolicy clocks,
      ReferralProperties properties,
      PathwayProperties pathwayProperties,
      Clock clock) {
    return new Referrals(
        daos,
        new ServiceDirectory(daos, dataSource),
        organisations,
        practices,
        new ServiceDirectoryRoutingPolicy(),
        new FallsReferralPolicy(
            codes(properties.fallsServiceTypes()), codes(properties.fallsAssessmentCodes())),
        clocks,
        clock,
        pathwayProperties.zone());
  }

  @Bean
  ReferralClocks referralClocks(
      DaoRegistry daos,
      SchedulerClient scheduler,
      PlatformTransactionManager transactionManager,
      Referrals referrals,
      ReferralEntry pathways,
      Clock clock) {
    return new ReferralClocks(
        daos, scheduler, new TransactionTemplate(transactionManager), referrals, pathways, clock);
  }

  /** On the storage layer, so every referral is seen, however and by whoever it is written. */
  @Bean
  ReferralRulesInterceptor referralRulesInterceptor(
      Referrals referrals, IInterceptorService storageInterceptors) {
    return onStorage(storageInterceptors, new ReferralRulesInterceptor(referrals));
  }

  @Bean
  ReferralRoutingInterceptor referralRoutingInterceptor(
      Referrals referrals, DaoRegistry daos, IInterceptorService storageInterceptors) {
    return onStorage(
        storageInterceptors,
        new ReferralRoutingInterceptor(referrals, new ReferralLifecyclePolicy(), daos));
  }

  @Bean
  ReferralClockInterceptor referralClockInterceptor(
      ReferralClocks clocks, IInterceptorService storageInterceptors) {
    return onStorage(storageInterceptors, new ReferralClockInterceptor(clocks));
  }

  @Bean
  ReferralLifecycleInterceptor referralLifecycleInterceptor(
      Referrals referrals,
      Clock clock,
      RoleActivities activities,
      IInterceptorService storageInterceptors) {
    return onStorage(
        storageInterceptors,
        new ReferralLifecycleInterceptor(
            new ReferralLifecyclePolicy(), referrals, clock, activities));
  }

  /** Referrals waiting, breaching and unroutable on {@code $worklist}. */
  @Bean
  ReferralWorklist referralWorklist(DaoRegistry daos, PathwayProperties pathwayProperties) {
    return new ReferralWorklist(daos, pathwayProperties.worklistLimit());
  }

  /** A referral not yet sent, as the workflow would take it (CDS Hooks order-sign). */
  @Bean
  ReferralPreview referralPreview(Referrals referrals, CarepathValidator validator) {
    return new ReferralPreview(referrals, validator);
  }

  @Bean
  ReferralMessageLog referralMessageLog(DataSource dataSource, Clock clock) {
    return new ReferralMessageLog(new JdbcTemplate(dataSource), clock);
  }

  /** Referral messages (NHS Booking and Referral Standard) at {@code $process-message}. */
  @Bean
  ReferralMessageProvider referralMessageProvider(
      FhirContext fhirContext,
      IFhirSystemDao<Bundle, Meta> systemDao,
      DaoRegistry daos,
      ReferralMessageLog messageLog,
      OrganisationTree organisations,
      PlatformTransactionManager transactionManager) {
    return new ReferralMessageProvider(
        new ReferralMessageIntake(
            new ReferralMessages(fhirContext),
            new ReferralMessagePolicy(),
            messageLog,
            systemDao,
            daos,
            organisations,
            new TransactionTemplate(transactionManager)));
  }

  /**
   * Response messages to referral messages' senders. Deliveries are scheduled outside any
   * transaction, on the scheduler's own auto-committed connections.
   */
  @Bean
  ReferralReplies referralReplies(
      ReferralMessageLog messageLog,
      FhirContext fhirContext,
      DaoRegistry daos,
      DataSource dataSource,
      DeliveryCheck check,
      ReferralProperties properties,
      Clock clock) {
    return new ReferralReplies(
        messageLog,
        new ReferralMessages(fhirContext),
        daos,
        new JdbcTemplate(dataSource),
        SchedulerClient.Builder.create(dataSource).build(),
        check,
        fhirContext,
        properties.replies(),
        clock);
  }

  @Bean
  ReferralReplyOutbox referralReplyOutbox(
      ReferralReplies replies, IInterceptorService storageInterceptors) {
    return onStorage(storageInterceptors, new ReferralReplyOutbox(replies));
  }

  @Bean
  CustomTask<Void> referralReplyTask(ObjectProvider<ReferralReplies> replies) {
    return Tasks.custom(ReferralReplies.DELIVER)
        .onFailure(Retries.withBackoff())
        .execute(
            (instance, context) ->
                Retries.againAtOrRemove(replies.getObject().deliver(instance.getId())));
  }

  @Bean
  RecurringTask<Void> referralReplySweepTask(
      ObjectProvider<ReferralReplies> replies, ReferralProperties properties) {
    return Tasks.recurring("referral-reply-sweep", FixedDelay.of(properties.replies().sweepEvery()))
        .execute((instance, context) -> replies.getObject().sweep());
  }

  @Bean
  ReferralIdempotencyInterceptor referralIdempotencyInterceptor(FhirContext fhirContext) {
    return new ReferralIdempotencyInterceptor(fhirContext);
  }

  @Bean
  DementiaReferralPolicy dementiaReferralPolicy() {
    return new DementiaReferralPolicy();
  }

  /** On the storage layer, so every dementia diagnosis is seen, whoever records it. */
  @Bean
  WorkOnWrite dementiaReferrals(
      DementiaReferralJob job,
      SchedulerClient scheduler,
      Clock clock,
      IInterceptorService storageInterceptors) {
    return onStorage(
        storageInterceptors,
        new WorkOnWrite(DementiaReferralJob.REFER, job::isDue, scheduler, clock));
  }

  @Bean
  DementiaReferralJob dementiaReferralJob(
      DementiaReferralPolicy policy,
      ConditionGroupCodes groups,
      DaoRegistry daos,
      PlatformTransactionManager transactionManager,
      ReferralProperties properties,
      Clock clock) {
    return new DementiaReferralJob(
        policy,
        groups,
        daos,
        new TransactionTemplate(transactionManager),
        Code.parse(properties.dementiaSupportServiceType()),
        clock);
  }

  @Bean
  OneTimeTask<Void> referralAcceptDueTask(ObjectProvider<ReferralClocks> clocks) {
    return Tasks.oneTime(ReferralClocks.ACCEPT_DUE)
        .onFailure(Retries.withBackoff())
        .execute((instance, context) -> clocks.getObject().acceptDue(instance.getId()));
  }

  @Bean
  OneTimeTask<Void> referralAcceptedTask(ObjectProvider<ReferralClocks> clocks) {
    return Tasks.oneTime(ReferralClocks.ACCEPTED)
        .onFailure(Retries.withBackoff())
        .execute((instance, context) -> clocks.getObject().accepted(instance.getId()));
  }

  @Bean
  OneTimeTask<Void> dementiaReferralTask(ObjectProvider<DementiaReferralJob> referrals) {
    return Tasks.oneTime(DementiaReferralJob.REFER)
        .onFailure(Retries.withBackoff())
        .execute((instance, context) -> referrals.getObject().refer(instance.getId()));
  }

  private static Set<Code> codes(List<String> systemAndCodes) {
    return systemAndCodes.stream().map(Code::parse).collect(Collectors.toSet());
  }
}
