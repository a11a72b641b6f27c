package org.carepath.server.access;

import static org.carepath.server.fhir.StoredVersionInterceptor.onStorage;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.search.BatchResourceLoader;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.carepath.coordination.access.Accessor;
import org.carepath.coordination.access.PatientAccessPolicy;
import org.carepath.coordination.access.SmallNumberPolicy;
import org.carepath.coordination.access.fhir.RecordPatients;
import org.carepath.server.audit.AuditReach;
import org.carepath.server.audit.AuditStore;
import org.carepath.server.audit.AuditTrail;
import org.carepath.server.careplan.CarePlanReach;
import org.carepath.server.organisation.OrganisationTree;
import org.carepath.server.security.RoleActivities;
import org.carepath.server.storage.CarepathSchema;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Patient-level access (docs/security.md, ADR 0008): legitimate relationships kept by the storage
 * layer, one decision ({@link PatientAccess}) asked by HAPI's consent hooks for every read and by a
 * storage hook for every write, and break-glass ({@code $emergency-access}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
public class AccessConfiguration {

  /**
   * HAPI's loader of stored resources hands what was loaded for the access check to the page that
   * shows it, instead of loading it twice ({@link CheckedResources}).
   */
  @Bean
  static BeanPostProcessor checkedResources() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        return bean instanceof BatchResourceLoader loader && !(bean instanceof CheckedResources)
            ? new CheckedResources(loader)
            : bean;
      }
    };
  }

  @Bean
  PatientAccessPolicy patientAccessPolicy() {
    return new PatientAccessPolicy();
  }

  @Bean
  SmallNumberPolicy smallNumberPolicy(AccessProperties properties) {
    return new SmallNumberPolicy(properties.smallNumberThreshold());
  }

  @Bean
  RelationshipStore relationshipStore(DataSource dataSource, CarepathSchema schema) {
    return new RelationshipStore(new JdbcTemplate(dataSource));
  }

  @Bean
  EmergencyAccessStore emergencyAccessStore(DataSource dataSource, CarepathSchema schema) {
    return new EmergencyAccessStore(new JdbcTemplate(dataSource));
  }

  @Bean
  ObjectionStore objectionStore(DataSource dataSource, CarepathSchema schema) {
    return new ObjectionStore(new JdbcTemplate(dataSource));
  }

  @Bean
  ConditionalReferences conditionalReferences(FhirContext fhirContext) {
    return new ConditionalReferences(fhirContext);
  }

  /** On the storage layer, so every write keeps the relationships, whoever makes it. */
  @Bean
  RelationshipProjection relationshipProjection(
      RelationshipStore store,
      ObjectionStore objections,
      Clock clock,
      AccessProperties properties,
      ConditionalReferences references,
      IInterceptorService storageInterceptors) {
    return onStorage(
        storageInterceptors,
        new RelationshipProjection(
            store, objections, clock, properties.relationshipGrace(), references));
  }

  /** On the storage layer, so every item keeps its security labels, whoever writes it. */
  @Bean
  SecurityLabelInterceptor securityLabelInterceptor(
      PatientAccess access, IInterceptorService storageInterceptors) {
    return onStorage(storageInterceptors, new SecurityLabelInterceptor(access));
  }

  @Bean
  RelationshipBackfill relationshipBackfill(
      DaoRegistry daoRegistry,
      RelationshipProjection projection,
      RelationshipStore store,
      PlatformTransactionManager transactionManager,
      Clock clock) {
    return new RelationshipBackfill(
        daoRegistry, projection, store, new TransactionTemplate(transactionManager), clock);
  }

  @Bean
  PatientAccess patientAccess(
      PatientAccessPolicy policy,
      FhirContext fhirContext,
      RelationshipStore relationships,
      EmergencyAccessStore emergencies,
      ObjectionStore objections,
      OrganisationTree organisations,
      Clock clock,
      SmallNumberPolicy smallNumbers,
      RoleActivities activities) {
    return new PatientAccess(
        policy,
        new RecordPatients(fhirContext),
        relationships,
        emergencies,
        objections,
        organisations,
        clock,
        smallNumbers,
        activities);
  }

  @Bean
  WriteAccess writeAccess(
      PatientAccess access,
      PatientAccessPolicy policy,
      RelationshipStore relationships,
      EmergencyAccessStore emergencies,
      ConditionalReferences references,
      Clock clock,
      AuditTrail audit) {
    return new WriteAccess(access, policy, relationships, emergencies, references, clock, audit);
  }

  @Bean
  AccessConsentInterceptor accessConsentInterceptor(
      PatientAccess access, AuditTrail audit, SmallNumberPolicy smallNumbers) {
    return new AccessConsentInterceptor(
        new AccessConsentService(access, audit), access, new SmallNumbers(smallNumbers));
  }

  /** Subscription deliveries are checked against the subscriber's access when they are sent. */
  @Bean
  SubscriberAccess subscriberAccess(PatientAccess access, AuditTrail audit) {
    return new SubscriberAccess(access, audit);
  }

  @Bean
  WriteAccessInterceptor writeAccessInterceptor(
      PatientAccess access,
      WriteAccess writes,
      DaoRegistry daos,
      MatchUrlService matchUrls,
      FhirContext fhirContext) {
    return new WriteAccessInterceptor(
        access, writes, new ConditionalMatches(daos, matchUrls, fhirContext, access, writes));
  }

  @Bean
  EmergencyAccess emergencyAccess(
      PatientAccessPolicy policy,
      PatientAccess access,
      EmergencyAccessStore store,
      DaoRegistry daos,
      Clock clock,
      AccessProperties properties,
      AuditTrail audit) {
    return new EmergencyAccess(
        policy, access, store, daos, clock, properties.emergencyAccessFor(), audit);
  }

  @Bean
  EmergencyAccessProvider emergencyAccessProvider(EmergencyAccess emergencyAccess) {
    return new EmergencyAccessProvider(emergencyAccess);
  }

  /** Every minute, the end of each emergency access that expired is audited. */
  @Bean
  RecurringTask<Void> emergencyAccessEndsTask(ObjectProvider<EmergencyAccess> emergencyAccess) {
    return Tasks.recurring("emergency-access-ends", Schedules.fixedDelay(Duration.ofMinutes(1)))
        .execute((instance, context) -> emergencyAccess.getObject().auditEnded());
  }

  @Bean
  AccessReportProvider accessReportProvider(
      PatientAccess access, AuditStore auditStore, AuditTrail audit) {
    return new AccessReportProvider(new AccessReport(access, auditStore, audit));
  }

  /**
   * Which AuditEvents a caller sees: the same decision as for every other record (the privacy
   * officer of the patient's registered practice); an event that names no patient is nobody's
   * record.
   */
  @Bean
  AuditReach auditReach(PatientAccess access) {
    return (request, event) ->
        access.toRead(request, event).map(PatientAccessPolicy.Decision::allowed).orElse(true);
  }

  /**
   * What the shared care plan asks of access: whom the caller acts for, what they may see (the read
   * decision), and the audit of a section write it refuses.
   */
  @Bean
  CarePlanReach carePlanReach(PatientAccess access, AuditTrail audit) {
    return new CarePlanReach() {
      @Override
      public Optional<Set<String>> actsFor(RequestDetails request) {
        return access.accessor(request).map(Accessor::actsFor);
      }

      @Override
      public Optional<String> organisation(RequestDetails request) {
        return access.organisationFor(request);
      }

      @Override
      public boolean shows(RequestDetails request, IBaseResource resource) {
        boolean shown =
            access.whyScopesHide(request, resource).isEmpty()
                && access
                    .toRead(request, resource)
                    .map(PatientAccessPolicy.Decision::allowed)
                    .orElse(true);
        if (shown) {
          audit.involves(
              request,
              resource.fhirType() + "/" + resource.getIdElement().getIdPart(),
              access.patientsOf(resource));
        }
        return shown;
      }

      @Override
      public Set<String> patientsOf(IBaseResource resource) {
        return access.patientsOf(resource);
      }

      @Override
      public void viewShown(RequestDetails request, String patientId, String code, String display) {
        audit.recordViewShown(request, patientId, code, display);
      }

      @Override
      public void refused(
          RequestDetails request, String patientId, Optional<String> record, String reason) {
        audit.writeDenied(request, patientId, record, reason);
      }
    };
  }
}
