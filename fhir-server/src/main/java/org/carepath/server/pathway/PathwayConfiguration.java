package org.carepath.server.pathway;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.carepath.coordination.pathway.ConditionGroups;
import org.carepath.coordination.pathway.EnrolmentPolicies;
import org.carepath.coordination.pathway.PathwayDefinition;
import org.carepath.coordination.pathway.PathwayEngine;
import org.carepath.coordination.pathway.PathwayService;
import org.carepath.coordination.pathway.WorkingCalendar;
import org.carepath.coordination.risk.Code;
import org.carepath.coordination.risk.fhir.ValueSetCodes;
import org.carepath.server.conformance.ConformanceConfiguration.PackageResources;
import org.carepath.server.risk.OrganisationTree;
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

  /** Carepath's ValueSet for each problem group enrolment policies ask about. */
  private static final Map<String, String> GROUP_VALUE_SETS =
      Map.of(
          ConditionGroups.DIABETES, "diabetes-conditions",
          ConditionGroups.COPD, "copd-conditions",
          ConditionGroups.RESPIRATORY, "efi-respiratory-disease",
          ConditionGroups.PALLIATIVE_CARE, "palliative-care-conditions",
          ConditionGroups.DEMENTIA, "dementia-conditions");

  @Bean
  EnrolmentPolicies enrolmentPolicies(PathwayProperties properties) {
    return new EnrolmentPolicies(properties.frailtyMinimumAge());
  }

  @Bean
  PathwayCatalogue pathwayCatalogue(
      PackageResources resources, EnrolmentPolicies policies, FhirContext fhirContext) {
    List<PlanDefinition> plans = resources(resources, PlanDefinition.class);
    List<ActivityDefinition> activities = resources(resources, ActivityDefinition.class);
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

  /** On the storage layer, so every step write is seen, whoever makes it. */
  @Bean
  StepTaskInterceptor stepTaskInterceptor(
      Pathways pathways,
      StepClocks clocks,
      DataSource dataSource,
      CarepathSchema schema,
      Clock clock,
      IInterceptorService storageInterceptors) {
    StepTaskInterceptor interceptor =
        new StepTaskInterceptor(
            pathways, new StepProjection(new JdbcTemplate(dataSource)), clocks, clock);
    storageInterceptors.registerInterceptor(interceptor);
    return interceptor;
  }

  @Bean
  PathwayTriggers pathwayTriggers(
      Pathways pathways,
      DaoRegistry daos,
      SchedulerClient scheduler,
      ConditionGroupCodes conditionGroups,
      PathwayProperties properties,
      PlatformTransactionManager transactionManager,
      PatientContexts patients,
      Clock clock,
      IInterceptorService storageInterceptors) {
    PathwayTriggers triggers =
        new PathwayTriggers(
            pathways,
            daos,
            scheduler,
            conditionGroups,
            properties.diabetesTrigger(),
            new TransactionTemplate(transactionManager),
            patients,
            clock);
    storageInterceptors.registerInterceptor(triggers);
    return triggers;
  }

  @Bean
  CustomTask<Void> stepDueTask(ObjectProvider<StepClocks> clocks) {
    return Tasks.custom(StepClocks.DUE)
        .onFailure(retryWithBackoff())
        .execute(
            (instance, context) -> {
              Optional<Instant> later = clocks.getObject().dueReached(instance.getId());
              if (later.isPresent()) {
                Instant next = later.get();
                return (complete, operations) -> operations.reschedule(complete, next);
              }
              return new CompletionHandler.OnCompleteRemove<>();
            });
  }

  @Bean
  OneTimeTask<Void> stepEscalationTask(ObjectProvider<StepClocks> clocks) {
    return Tasks.oneTime(StepClocks.CLINICAL_LEAD)
        .onFailure(retryWithBackoff())
        .execute((instance, context) -> clocks.getObject().clinicalLeadDue(instance.getId()));
  }

  @Bean
  OneTimeTask<Void> pathwayTriggerTask(ObjectProvider<PathwayTriggers> triggers) {
    return Tasks.oneTime(PathwayTriggers.TRIGGER)
        .onFailure(retryWithBackoff())
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
      ObjectProvider<WorklistSection> sections) {
    return new WorklistProvider(
        new Worklists(
            new JdbcTemplate(dataSource),
            catalogue.all().stream().map(PathwayDefinition::code).toList(),
            properties.dueSoon(),
            properties.worklistLimit()),
        organisations,
        daos,
        clock,
        sections.orderedStream().toList());
  }

  private static <T> FailureHandler<T> retryWithBackoff() {
    return new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5));
  }

  @Bean
  ConditionGroupCodes conditionGroupCodes(PackageResources resources) {
    Map<String, Set<Code>> groups = new HashMap<>();
    List<ValueSet> valueSets = resources(resources, ValueSet.class);
    GROUP_VALUE_SETS.forEach(
        (group, id) -> {
          String url = "https://fhir.carepath.org/ValueSet/" + id;
          ValueSet valueSet =
              valueSets.stream()
                  .filter(vs -> url.equals(vs.getUrl()))
                  .findFirst()
                  .orElseThrow(() -> new IllegalStateException("the terminology has no " + url));
          groups.put(group, ValueSetCodes.enumerated(valueSet));
        });
    return new ConditionGroupCodes(groups);
  }

  private static <T> List<T> resources(PackageResources resources, Class<T> type) {
    return resources.entries().stream()
        .map(entry -> entry.resource())
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }
}
