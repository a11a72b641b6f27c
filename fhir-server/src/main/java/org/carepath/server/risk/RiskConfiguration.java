package org.carepath.server.risk;

import static org.carepath.server.fhir.StoredVersionInterceptor.onStorage;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Clock;
import javax.sql.DataSource;
import org.carepath.coordination.access.CohortPolicy;
import org.carepath.coordination.risk.CareGapPolicy;
import org.carepath.coordination.risk.DiabetesControl;
import org.carepath.coordination.risk.DiabetesTargets;
import org.carepath.coordination.risk.ElectronicFrailtyIndex;
import org.carepath.coordination.risk.FrailtyBands;
import org.carepath.coordination.risk.FrailtyEligibilityPolicy;
import org.carepath.coordination.risk.SevereFrailtySuggestionPolicy;
import org.carepath.coordination.risk.TopCohortPolicy;
import org.carepath.coordination.risk.fhir.DeficitCatalogueReader;
import org.carepath.coordination.risk.fhir.DiabetesControlReader;
import org.carepath.server.conformance.ConformanceConfiguration.PackageResources;
import org.carepath.server.organisation.OrganisationTree;
import org.carepath.server.scheduling.Retries;
import org.carepath.server.scheduling.ScheduledWork;
import org.carepath.server.storage.CarepathSchema;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Risk stratification: the electronic frailty index and diabetes control, built from Carepath's
 * terminology, behind {@code Patient/[id]/$stratify}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RiskProperties.class)
public class RiskConfiguration {

  @Bean
  ElectronicFrailtyIndex electronicFrailtyIndex(
      PackageResources resources, RiskProperties properties) {
    var frailty = properties.frailty();
    return new ElectronicFrailtyIndex(
        DeficitCatalogueReader.read(
            resources.codeSystem(DeficitCatalogueReader.DEFICIT_CODE_SYSTEM),
            resources.ofType(ValueSet.class)),
        new FrailtyBands(frailty.fitUpTo(), frailty.mildUpTo(), frailty.moderateUpTo()),
        new FrailtyEligibilityPolicy(frailty.minimumAge()),
        frailty.polypharmacy());
  }

  @Bean
  DiabetesControl diabetesControl(PackageResources resources, RiskProperties properties) {
    var diabetes = properties.diabetes();
    return DiabetesControlReader.read(
        resources.codeSystem(DiabetesControlReader.CARE_PROCESS_CODE_SYSTEM),
        resources.ofType(ValueSet.class),
        new DiabetesTargets(
            diabetes.hba1cTarget(),
            diabetes.poorControlAbove(),
            diabetes.systolicTarget(),
            diabetes.diastolicTarget(),
            diabetes.cholesterolBelow(),
            diabetes.lookbackMonths()));
  }

  @Bean
  PatientRecordLoader patientRecordLoader(DaoRegistry daoRegistry) {
    return new PatientRecordLoader(daoRegistry);
  }

  @Bean
  RiskResults riskResults(DaoRegistry daoRegistry) {
    return new RiskResults(daoRegistry);
  }

  @Bean
  FrailtyStratifier frailtyStratifier(
      RiskResults results,
      DaoRegistry daoRegistry,
      PatientRecordLoader records,
      ElectronicFrailtyIndex index,
      FhirContext fhirContext,
      Clock clock) {
    return new FrailtyStratifier(
        daoRegistry,
        results,
        records,
        index,
        new SevereFrailtySuggestionPolicy(),
        fhirContext,
        clock);
  }

  @Bean
  DiabetesControlStratifier diabetesControlStratifier(
      RiskResults results,
      PatientRecordLoader records,
      DiabetesControl model,
      FhirContext fhirContext,
      Clock clock) {
    return new DiabetesControlStratifier(results, records, model, fhirContext, clock);
  }

  @Bean
  PatientStratifyProvider patientStratifyProvider(
      FrailtyStratifier frailty, DiabetesControlStratifier diabetes) {
    return new PatientStratifyProvider(frailty, diabetes);
  }

  @Bean
  OrganizationGapsProvider organizationGapsProvider(
      DaoRegistry daoRegistry, OrganisationTree organisations, Clock clock) {
    return new OrganizationGapsProvider(
        new CareGapFinder(daoRegistry, organisations, new CareGapPolicy(), clock));
  }

  // Population runs: the risk projection, chunked durable work, the asynchronous operation.

  @Bean
  RiskFactStore riskFactStore(DataSource dataSource, CarepathSchema schema) {
    return new RiskFactStore(new JdbcTemplate(dataSource));
  }

  @Bean
  ResultFingerprint resultFingerprint(FhirContext fhirContext) {
    return new ResultFingerprint(fhirContext);
  }

  /** On the storage layer, so every write keeps the projection, whoever makes it. */
  @Bean
  RiskFactProjection riskFactProjection(
      RiskFactStore store,
      ResultFingerprint fingerprint,
      Clock clock,
      IInterceptorService storageInterceptors) {
    return onStorage(storageInterceptors, new RiskFactProjection(store, fingerprint, clock));
  }

  @Bean
  RiskProjectionBackfill riskProjectionBackfill(
      DaoRegistry daoRegistry,
      RiskFactProjection projection,
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      Clock clock) {
    return new RiskProjectionBackfill(
        daoRegistry,
        projection,
        new JdbcTemplate(dataSource),
        new TransactionTemplate(transactionManager),
        clock);
  }

  @Bean
  StratifyRuns stratifyRuns(DataSource dataSource, CarepathSchema schema) {
    return new StratifyRuns(new JdbcTemplate(dataSource));
  }

  @Bean
  PopulationRuns populationRuns(
      StratifyRuns runs,
      RiskFactStore store,
      ElectronicFrailtyIndex frailty,
      DiabetesControl diabetes,
      ResultFingerprint fingerprint,
      DaoRegistry daoRegistry,
      SchedulerClient scheduler,
      ScheduledWork scheduledWork,
      PlatformTransactionManager transactionManager,
      RiskProperties properties,
      Clock clock) {
    PopulationStratifier stratifier =
        new PopulationStratifier(
            store,
            frailty,
            diabetes,
            new SevereFrailtySuggestionPolicy(),
            fingerprint,
            daoRegistry,
            clock);
    return new PopulationRuns(
        runs,
        store,
        stratifier,
        scheduler,
        // Work scheduled here starts at once on this replica rather than at its next poll.
        scheduledWork::checkNow,
        new TransactionTemplate(transactionManager),
        clock,
        properties.population().chunkSize(),
        new TopCohortPolicy(properties.population().topPercent()));
  }

  @Bean
  OneTimeTask<Void> stratifyPlanTask(ObjectProvider<PopulationRuns> runs) {
    return Tasks.oneTime(PopulationRuns.PLAN)
        .onFailure(Retries.withBackoff())
        .execute((instance, context) -> runs.getObject().plan(instance.getId()));
  }

  @Bean
  OneTimeTask<Void> stratifyChunkTask(ObjectProvider<PopulationRuns> runs) {
    return Tasks.oneTime(PopulationRuns.CHUNK)
        .onFailure(Retries.withBackoff())
        .execute((instance, context) -> runs.getObject().runChunk(instance.getId()));
  }

  @Bean
  RecurringTask<Void> nightlyStratifyTask(
      ObjectProvider<PopulationRuns> runs, RiskProperties properties) {
    return Tasks.recurring("stratify-nightly", Schedules.cron(properties.population().nightly()))
        .execute((instance, context) -> runs.getObject().startIncremental());
  }

  @Bean
  PopulationStratifyProvider populationStratifyProvider(
      PopulationRuns runs, OrganisationTree organisations, FhirContext fhirContext) {
    return new PopulationStratifyProvider(runs, organisations, fhirContext);
  }

  @Bean
  PopulationCohortProvider populationCohortProvider(
      PopulationRuns runs,
      StratifyRuns stratifyRuns,
      CohortMakers access,
      DaoRegistry daoRegistry) {
    return new PopulationCohortProvider(
        new PopulationCohorts(runs, stratifyRuns, access, new CohortPolicy(), daoRegistry));
  }
}
