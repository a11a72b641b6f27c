package org.carepath.server.pathway;

import static org.carepath.server.fhir.StoredVersionInterceptor.onStorage;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import javax.sql.DataSource;
import org.carepath.coordination.pathway.EnrolmentPolicies;
import org.carepath.coordination.pathway.PathwayDefinition;
import org.carepath.coordination.pathway.PathwayEngine;
import org.carepath.coordination.pathway.PathwayService;
import org.carepath.coordination.pathway.PathwayTriggerPolicy;
import org.carepath.coordination.pathway.WorkingCalendar;
import org.carepath.coordination.pathway.fhir.ConditionGroupCodes;
import org.carepath.coordination.pathway.fhir.RecordEvents;
import org.carepath.server.conformance.ConformanceConfiguration.PackageResources;
import org.carepath.server.organisation.OrganisationTree;
import org.carepath.server.risk.RiskProperties;
import org.carepath.server.scheduling.Retries;
import org.carepath.server.scheduling.WorkOnWrite;
import org.carepath.server.storage.CarepathSchema;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The pathway engine: definitions from the package, enrolment ({@code $enrol}, {@code $apply}),
 * step advance on Task updates, durable clocks and escalation, triggers from data, worklists.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PathwayProperties.class)
public class PathwayConfiguration {

  @Bean
  EnrolmentPolicies enrolmentPolicies(RiskProperties riskProperties) {
    return new EnrolmentPolicies(riskProperties.frailty().minimumAge());
  }

  @Bean
  PathwayCatalogue pathwayCatalogue(
      PackageResources resources, EnrolmentPolicies policies, FhirContext fhirContext) {
    List<PlanDefinition> plans = resources.ofType(PlanDefinition.class);
    List<ActivityDefinition> activities = resources.ofType(ActivityDefinition.class);
    return new PathwayCatalogue(plans, activities, policies, fhirContext);
  }

  @Bean
  PathwayEngine pathwayEngine(PathwayProperties properties) {
    return new PathwayEngine(
        properties.zone(), new WorkingCalendar(new HashSet<>(properties.bankHolidays())));
  }

  @Bean
  PatientContexts patientContexts(
      DaoRegistry daos,
      FhirContext fhirContext,
      ConditionGroupCodes conditionGroups,
      Clock clock,
      PathwayProperties properties) {
    return new PatientContexts(
        daos, fhirContext::newFhirPath, conditionGroups, clock, properties.zone());
  }

  @Bean
  FhirEnrolments fhirEnrolments(DaoRegistry daos, PathwayCatalogue catalogue, Clock clock) {
    return new FhirEnrolments(daos, catalogue, clock);
  }

  @Bean
  Pathways pathways(
      PathwayCatalogue catalogue,
      PathwayEngine engine,
      EnrolmentPolicies policies,
      FhirEnrolments enrolments,
      PatientContexts patients,
      PlatformTransactionManager transactionManager,
      DataSource dataSource,
      Clock clock) {
    return new Pathways(
        catalogue,
        new PathwayService(engine, policies, enrolments, clock),
        enrolments,
        patients,
        new TransactionTemplate(transactionManager),
        new JdbcTemplate(dataSource));
  }

  @Bean
  StepClocks stepClocks(
      DaoRegistry daos,
      SchedulerClient scheduler,
      PlatformTransactionManager transactionManager,
      PatientContexts patients,
      Clock clock,
      PathwayProperties properties) {
    return new StepClocks(
        daos,
        scheduler,
        new TransactionTemplate(transactionManager),
        patients,
        clock,
        properties.clinicalLeadAfter());
  }

  /** On the storage layer, so every step update is seen, whoever makes it. */
  @Bean
  StepUpdateInterceptor stepUpdateInterceptor(
      Pathways pathways, Clock clock, IInterceptorService storageInterceptors) {
    return onStorage(storageInterceptors, new StepUpdateInterceptor(pathways, clock));
  }

  @Bean
  StepProjectionInterceptor stepProjectionInterceptor(
      DataSource dataSource,
      CarepathSchema schema,
      PathwayCatalogue catalogue,
      Clock clock,
      IInterceptorService storageInterceptors) {
    return onStorage(
        storageInterceptors,
        new StepProjectionInterceptor(
            new StepProjection(new JdbcTemplate(dataSource)), catalogue, clock));
  }

  @Bean
  StepClockInterceptor stepClockInterceptor(
      StepClocks clocks, IInterceptorService storageInterceptors) {
    return onStorage(storageInterceptors, new StepClockInterceptor(clocks));
  }

  @Bean
  PathwayTriggerPolicy pathwayTriggerPolicy(PathwayProperties properties) {
    return new PathwayTriggerPolicy(
        PathwayTriggerPolicy.DiabetesDiagnosis.of(properties.diabetesTrigger()));
  }

  @Bean
  RecordEvents recordEvents(ConditionGroupCodes conditionGroups) {
    return new RecordEvents(conditionGroups::groupsOf);
  }

  /** On the storage layer, so data starts or moves pathways whoever writes it. */
  @Bean
  WorkOnWrite pathwayTriggers(
      PathwayTriggerJob job,
      SchedulerClient scheduler,
      Clock clock,
      IInterceptorService storageInterceptors) {
    return onStorage(
        storageInterceptors,
        new WorkOnWrite(PathwayTriggerJob.TRIGGER, job::isDue, scheduler, clock));
  }

  @Bean
  PathwayTriggerJob pathwayTriggerJob(
      RecordEvents events,
      PathwayTriggerPolicy policy,
      Pathways pathways,
      PatientContexts patients,
      DaoRegistry daos,
      PlatformTransactionManager transactionManager,
      Clock clock) {
    return new PathwayTriggerJob(
        events,
        policy,
        pathways,
        patients,
        daos,
        new TransactionTemplate(transactionManager),
        clock);
  }

  @Bean
  CustomTask<Void> stepDueTask(ObjectProvider<StepClocks> clocks) {
    return Tasks.custom(StepClocks.DUE)
        .onFailure(Retries.withBackoff())
        .execute(
            (instance, context) ->
                Retries.againAtOrRemove(clocks.getObject().dueReached(instance.getId())));
  }

  @Bean
  OneTimeTask<Void> stepEscalationTask(ObjectProvider<StepClocks> clocks) {
    return Tasks.oneTime(StepClocks.CLINICAL_LEAD)
        .onFailure(Retries.withBackoff())
        .execute((instance, context) -> clocks.getObject().clinicalLeadDue(instance.getId()));
  }

  @Bean
  OneTimeTask<Void> pathwayTriggerTask(ObjectProvider<PathwayTriggerJob> triggers) {
    return Tasks.oneTime(PathwayTriggerJob.TRIGGER)
        .onFailure(Retries.withBackoff())
        .execute((instance, context) -> triggers.getObject().run(instance.getId()));
  }

  /**
   * Accepted referrals to a pathway's service enrol the patient (the referral feature calls it).
   */
  @Bean
  ReferralEntry referralEntry(Pathways pathways, DaoRegistry daos) {
    return new ReferralEntry(pathways, daos);
  }

  @Bean
  EnrolmentProvider enrolmentProvider(Pathways pathways, FhirEnrolments enrolments) {
    return new EnrolmentProvider(pathways, enrolments);
  }

  @Bean
  WorklistProvider worklistProvider(
      DataSource dataSource,
      CarepathSchema schema,
      PathwayCatalogue catalogue,
      OrganisationTree organisations,
      DaoRegistry daos,
      PathwayProperties properties,
      Clock clock,
      ObjectProvider<WorklistSection> sections,
      WorklistReach reach) {
    return new WorklistProvider(
        new Worklists(
            new JdbcTemplate(dataSource),
            catalogue.all().stream().map(PathwayDefinition::code).toList(),
            properties.dueSoon(),
            properties.worklistLimit()),
        organisations,
        daos,
        clock,
        sections.orderedStream().toList(),
        reach);
  }

  @Bean
  ConditionGroupCodes conditionGroupCodes(PackageResources resources) {
    return ConditionGroupCodes.from(resources.ofType(ValueSet.class));
  }
}
