package org.carepath.server.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.carepath.coordination.access.fhir.Objections;
import org.carepath.coordination.access.fhir.RelationshipSources;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Keeps the relationship table in step with the records that make relationships (Patient, CareTeam,
 * Task, EpisodeOfCare; {@link RelationshipSources}), and the objection table with Consents ({@link
 * Objections}), whoever writes them, in the write's own transaction. Only translates.
 */
@Interceptor
class RelationshipProjection {

  /** The resource types projected. */
  static final Set<String> TYPES = types();

  private final RelationshipStore store;
  private final ObjectionStore objections;
  private final Clock clock;
  private final Duration grace;
  private final ConditionalReferences references;

  RelationshipProjection(
      RelationshipStore store,
      ObjectionStore objections,
      Clock clock,
      Duration grace,
      ConditionalReferences references) {
    this.store = store;
    this.objections = objections;
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
    String source = type + "/" + resource.getIdElement().getIdPart();
    if (RelationshipSources.TYPES.contains(type)) {
      store.replace(
          source,
          RelationshipSources.of(references.resolved(resource, transaction)),
          clock.instant(),
          grace);
    } else if ("Consent".equals(type)) {
      objections.replace(source, Objections.of(references.resolved(resource, transaction)));
    }
  }

  private static Set<String> types() {
    Set<String> types = new HashSet<>(RelationshipSources.TYPES);
    types.add("Consent");
    return Set.copyOf(types);
  }
}
