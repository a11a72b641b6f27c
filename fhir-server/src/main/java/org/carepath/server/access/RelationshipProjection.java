package org.carepath.server.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import java.time.Clock;
import java.time.Duration;
import org.carepath.coordination.access.fhir.RelationshipSources;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Keeps the relationship table in step with the records that make relationships (Patient, CareTeam,
 * Task, EpisodeOfCare; {@link RelationshipSources}), whoever writes them, in the write's own
 * transaction. Only translates.
 */
@Interceptor
class RelationshipProjection {

  private final RelationshipStore store;
  private final Clock clock;
  private final Duration grace;
  private final ConditionalReferences references;

  RelationshipProjection(
      RelationshipStore store, Clock clock, Duration grace, ConditionalReferences references) {
    this.store = store;
    this.clock = clock;
    this.grace = grace;
    this.references = references;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource, TransactionDetails transaction) {
    project(resource, transaction);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(
      IBaseResource previous, IBaseResource resource, TransactionDetails transaction) {
    project(resource, transaction);
  }

  /**
   * @param transaction the write's details, whose resolved conditional references count (null when
   *     projecting a stored record)
   */
  void project(IBaseResource resource, TransactionDetails transaction) {
    String type = resource.fhirType();
    if (RelationshipSources.TYPES.contains(type)) {
      store.replace(
          type + "/" + resource.getIdElement().getIdPart(),
          RelationshipSources.of(references.resolved(resource, transaction)),
          clock.instant(),
          grace);
    }
  }
}
