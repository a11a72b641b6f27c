package org.carepath.server.careplan;

import static org.carepath.server.fhir.StoredVersionInterceptor.onStorage;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.ips.generator.IpsGeneratorSvcImpl;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import org.carepath.coordination.careplan.EndOfLifeRegisterPolicy;
import org.carepath.coordination.careplan.SharedCarePlanPolicy;
import org.carepath.coordination.careplan.fhir.EndOfLifeEntries;
import org.carepath.server.conformance.ConformanceConfiguration.PackageResources;
import org.carepath.server.pathway.PathwayProperties;
import org.carepath.server.storage.CarepathSchema;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The shared care plan: one active plan per person (the register), sections written only by their
 * organisation, Provenance for every user's change to a part, end-of-life entries a crisis service
 * can act on, and {@code Patient/[id]/$shared-care-plan} (docs/pathways.md).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CarePlanProperties.class)
public class CarePlanConfiguration {

  @Bean
  SharedCarePlanPolicy sharedCarePlanPolicy() {
    return new SharedCarePlanPolicy();
  }

  @Bean
  SharedPlanRegister sharedPlanRegister(JdbcTemplate jdbc, CarepathSchema schema) {
    return new SharedPlanRegister(jdbc);
  }

  @Bean
  EndOfLifeRegisterPolicy endOfLifeRegisterPolicy() {
    return new EndOfLifeRegisterPolicy();
  }

  @Bean
  EndOfLifeRegisters endOfLifeRegisters(
      DaoRegistry daos,
      JdbcTemplate jdbc,
      EntityManagerFactory entityManagers,
      EndOfLifeRegisterPolicy policy) {
    return new EndOfLifeRegisters(
        daos, jdbc, SharedEntityManagerCreator.createSharedEntityManager(entityManagers), policy);
  }

  /** Each practice's end-of-life register (a Group), fed by the end-of-life pathway. */
  @Bean
  EndOfLifeRegisterInterceptor endOfLifeRegisterInterceptor(
      EndOfLifeRegisterPolicy policy,
      EndOfLifeRegisters registers,
      Clock clock,
      IInterceptorService storageInterceptors) {
    return onStorage(
        storageInterceptors, new EndOfLifeRegisterInterceptor(policy, registers, clock));
  }

  @Bean
  EndOfLifeRegisterBackfill endOfLifeRegisterBackfill(
      DaoRegistry daos,
      EndOfLifeRegisters registers,
      PlatformTransactionManager transactionManager,
      Clock clock) {
    return new EndOfLifeRegisterBackfill(
        daos, registers, new TransactionTemplate(transactionManager), clock);
  }

  @Bean
  SharedPlanInterceptor sharedPlanInterceptor(
      SharedPlanRegister register,
      SharedCarePlanPolicy policy,
      IInterceptorService storageInterceptors) {
    return onStorage(storageInterceptors, new SharedPlanInterceptor(register, policy));
  }

  @Bean
  EndOfLifeRecordInterceptor endOfLifeRecordInterceptor(
      PackageResources resources, IInterceptorService storageInterceptors) {
    return onStorage(
        storageInterceptors,
        new EndOfLifeRecordInterceptor(EndOfLifeEntries.policy(resources.ofType(ValueSet.class))));
  }

  @Bean
  SectionOwnershipInterceptor sectionOwnershipInterceptor(
      CarePlanReach reach, SharedCarePlanPolicy policy) {
    return new SectionOwnershipInterceptor(reach, policy);
  }

  @Bean
  PlanProvenanceInterceptor planProvenanceInterceptor(
      DaoRegistry daos,
      FhirContext fhir,
      CarePlanReach reach,
      Clock clock,
      EntityManagerFactory entityManagers,
      IInterceptorService storageInterceptors) {
    return onStorage(
        storageInterceptors,
        new PlanProvenanceInterceptor(
            daos,
            fhir,
            reach,
            clock,
            SharedEntityManagerCreator.createSharedEntityManager(entityManagers)));
  }

  @Bean
  SharedCarePlanProvider sharedCarePlanProvider(
      DaoRegistry daos,
      SharedPlanRegister register,
      CarePlanReach reach,
      Clock clock,
      CarePlanProperties properties) {
    return new SharedCarePlanProvider(
        new SharedCarePlans(daos, register, reach, clock, properties.recent()));
  }

  /** {@code Patient/[id]/$summary}: the crisis summary, built by HAPI's IPS generator. */
  @Bean
  CrisisSummaryProvider crisisSummaryProvider(
      DaoRegistry daos,
      FhirContext fhir,
      Clock clock,
      PathwayProperties pathways,
      CarePlanReach reach) {
    // Dates as the pathways count them (the service's local day).
    CrisisSummaryStrategy strategy =
        new CrisisSummaryStrategy(clock, pathways.zone(), daos, fhir, reach);
    return new CrisisSummaryProvider(
        new IpsGeneratorSvcImpl(fhir, strategy),
        new CrisisSummaryNarratives(fhir, CrisisSummaryStrategy.TEMPLATES),
        reach);
  }
}
