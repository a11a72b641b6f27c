package org.carepath.server.careplan;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import org.carepath.server.fhir.Lookups;
import org.carepath.server.security.CarepathUser;
import org.carepath.server.security.CurrentUser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Provenance;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Every write of a part of a shared care plan (the plan, a section, a Goal, the CareTeam, an
 * end-of-life entry) is attributed by a Provenance stored in the same transaction ({@link
 * PlanProvenance}): a user's own write to the user; a write the server makes itself (a plan started
 * or a care team joined on enrolment) to Carepath, with the user whose request led to it when there
 * is one. Registered on the storage layer, so that the server's writes are seen too. Only
 * translates.
 */
class PlanProvenanceInterceptor {

  private final DaoRegistry daos;
  private final FhirContext fhir;
  private final CarePlanReach reach;
  private final Clock clock;
  private final EntityManager entityManager;

  /** Whether each Practitioner a token named is stored, for a few minutes. */
  private final Cache<String, Boolean> practitioners =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  PlanProvenanceInterceptor(
      DaoRegistry daos,
      FhirContext fhir,
      CarePlanReach reach,
      Clock clock,
      EntityManager entityManager) {
    this.daos = daos;
    this.entityManager = entityManager;
    this.fhir = fhir;
    this.reach = reach;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(RequestDetails request, IBaseResource resource) {
    attribute(request, resource, Optional.of("1"), true);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(RequestDetails request, IBaseResource previous, IBaseResource resource) {
    attribute(request, resource, nextVersion(previous), false);
  }

  private boolean isStored(String practitioner) {
    return practitioners.get(
        practitioner, id -> Lookups.byId(daos, Practitioner.class, id).isPresent());
  }

  /** The version an update stores (HAPI numbers it once the transaction commits). */
  private static Optional<String> nextVersion(IBaseResource previous) {
    String version = previous.getIdElement().getVersionIdPart();
    if (version == null) {
      version = previous.getMeta().getVersionId();
    }
    try {
      return Optional.ofNullable(version).map(v -> String.valueOf(Long.parseLong(v) + 1));
    } catch (NumberFormatException notNumbered) {
      return Optional.empty();
    }
  }

  private void attribute(
      RequestDetails request, IBaseResource resource, Optional<String> version, boolean created) {
    if (!PlanProvenance.isPart(resource)) {
      return;
    }
    Optional<CarepathUser> user = CurrentUser.get();
    // A user's own write arrives over REST; anything else is the server's.
    boolean byServer = !(request instanceof ServletRequestDetails);
    if (!byServer && user.isEmpty()) {
      return;
    }
    // The user's Practitioner only when it is stored (a token may name one this server does not
    // hold): a reference to nothing would fail the write it attributes, an enrolment among them.
    Optional<String> practitioner = user.flatMap(CarepathUser::practitioner).filter(this::isStored);
    Optional<String> organisation =
        user.isPresent() ? reach.organisation(request) : Optional.empty();
    if (!byServer && practitioner.isEmpty() && organisation.isEmpty()) {
      return; // nobody to name (the request's AuditEvent still records the user)
    }
    Set<String> patients = reach.patientsOf(resource);
    Provenance provenance =
        PlanProvenance.of(
            fhir,
            resource,
            version,
            patients,
            created,
            byServer,
            practitioner,
            organisation,
            byServer
                ? Optional.empty()
                : Optional.ofNullable(request.getHeader(PlanProvenance.HEADER)),
            Date.from(clock.instant()));
    // Stored once the write's own work is done and flushed, still in its transaction: one flush
    // holding an update's new index rows and a new resource's rows can be ordered wrongly by
    // Hibernate (index rows of the new resource before the resource).
    Runnable store =
        () -> {
          entityManager.flush();
          daos.getResourceDao(Provenance.class).create(provenance, new SystemRequestDetails());
        };
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
              store.run();
            }
          });
    } else {
      store.run();
    }
  }
}
