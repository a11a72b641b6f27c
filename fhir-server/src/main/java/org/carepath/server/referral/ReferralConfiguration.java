package org.carepath.server.referral;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.carepath.coordination.pathway.WorkingCalendar;
import org.carepath.coordination.referral.FallsReferralPolicy;
import org.carepath.coordination.referral.ReferralClockPolicy;
import org.carepath.coordination.referral.ReferralLifecyclePolicy;
import org.carepath.coordination.referral.ServiceDirectoryRoutingPolicy;
import org.carepath.coordination.risk.Code;
import org.carepath.server.pathway.ConditionGroupCodes;
import org.carepath.server.pathway.PathwayProperties;
import org.carepath.server.pathway.ReferralEntry;
import org.carepath.server.risk.OrganisationTree;
import org.carepath.server.risk.RegisteredPractices;
import org.hl7.fhir.r4.model.Coding;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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

  @Bean
  ReferralClockPolicy referralClockPolicy(
      ReferralProperties properties, PathwayProperties pathwayProperties) {
    return new ReferralClockPolicy(
        codes(properties.hotClinicServiceTypes()),
        properties.hotClinicAcceptWithin(),
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
        new FallsReferralPolicy(codes(properties.fallsServiceTypes())),
        clocks,
        codes(properties.fallsAssessmentCodes()),
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
  ReferralStorageInterceptor referralStorageInterceptor(
      Referrals referrals,
      ReferralClocks clocks,
      DaoRegistry daos,
      IInterceptorService storageInterceptors) {
    ReferralStorageInterceptor interceptor =
        new ReferralStorageInterceptor(referrals, clocks, new ReferralLifecyclePolicy(), daos);
    storageInterceptors.registerInterceptor(interceptor);
    return interceptor;
  }

  @Bean
  ReferralLifecycleInterceptor referralLifecycleInterceptor(
      Referrals referrals, Clock clock, IInterceptorService storageInterceptors) {
    ReferralLifecycleInterceptor interceptor =
        new ReferralLifecycleInterceptor(new ReferralLifecyclePolicy(), referrals, clock);
    storageInterceptors.registerInterceptor(interceptor);
    return interceptor;
  }

  /** Referrals waiting, breaching and unroutable on {@code $worklist}. */
  @Bean
  ReferralWorklist referralWorklist(DaoRegistry daos, PathwayProperties pathwayProperties) {
    return new ReferralWorklist(daos, pathwayProperties.worklistLimit());
  }

  @Bean
  ReferralIdempotencyInterceptor referralIdempotencyInterceptor(FhirContext fhirContext) {
    return new ReferralIdempotencyInterceptor(fhirContext);
  }

  @Bean
  DementiaReferrals dementiaReferrals(
      ConditionGroupCodes groups,
      SchedulerClient scheduler,
      DaoRegistry daos,
      PlatformTransactionManager transactionManager,
      ReferralProperties properties,
      Clock clock,
      IInterceptorService storageInterceptors) {
    Code service = code(properties.dementiaSupportServiceType());
    DementiaReferrals referrals =
        new DementiaReferrals(
            groups,
            scheduler,
            daos,
            new TransactionTemplate(transactionManager),
            new Coding(service.system(), service.code(), "Dementia post-diagnostic support"),
            clock);
    storageInterceptors.registerInterceptor(referrals);
    return referrals;
  }

  @Bean
  OneTimeTask<Void> referralAcceptDueTask(ObjectProvider<ReferralClocks> clocks) {
    return Tasks.oneTime(ReferralClocks.ACCEPT_DUE)
        .onFailure(retryWithBackoff())
        .execute((instance, context) -> clocks.getObject().acceptDue(instance.getId()));
  }

  @Bean
  OneTimeTask<Void> referralAcceptedTask(ObjectProvider<ReferralClocks> clocks) {
    return Tasks.oneTime(ReferralClocks.ACCEPTED)
        .onFailure(retryWithBackoff())
        .execute((instance, context) -> clocks.getObject().accepted(instance.getId()));
  }

  @Bean
  OneTimeTask<Void> dementiaReferralTask(ObjectProvider<DementiaReferrals> referrals) {
    return Tasks.oneTime(DementiaReferrals.REFER)
        .onFailure(retryWithBackoff())
        .execute((instance, context) -> referrals.getObject().refer(instance.getId()));
  }

  private static <T> FailureHandler<T> retryWithBackoff() {
    return new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5));
  }

  private static Set<Code> codes(List<String> systemAndCodes) {
    return systemAndCodes.stream().map(ReferralConfiguration::code).collect(Collectors.toSet());
  }

  private static Code code(String systemAndCode) {
    int bar = systemAndCode.lastIndexOf('|');
    if (bar <= 0) {
      throw new IllegalArgumentException("expected system|code, got " + systemAndCode);
    }
    return new Code(systemAndCode.substring(0, bar), systemAndCode.substring(bar + 1));
  }
}
