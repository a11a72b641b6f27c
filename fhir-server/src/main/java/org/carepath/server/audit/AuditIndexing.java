package org.carepath.server.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.SearchParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * Keeps AuditEvent's index to what is searched: each search parameter in {@code
 * carepath.audit.unindexed-search-parameters} is stored as a retired copy of its FHIR R4 definition
 * (same url, code and expression), which takes it out of HAPI's search parameter registry — nothing
 * is indexed under it, a search by it is refused, the CapabilityStatement does not offer it. A
 * parameter taken off the list is stored active again. Runs at start-up before the conformance
 * package; a restart with the same list changes nothing.
 */
class AuditIndexing implements ApplicationRunner, Ordered {

  private static final Logger log = LoggerFactory.getLogger(AuditIndexing.class);
  private static final String TYPE = "AuditEvent";

  /** What the access report searches AuditEvents by. */
  static final Set<String> REQUIRED = Set.of("patient", "date");

  private final FhirContext fhir;
  private final IFhirResourceDao<SearchParameter> searchParameters;
  private final ISearchParamRegistry registry;
  private final Set<String> unindexed;

  AuditIndexing(
      FhirContext fhir,
      IFhirResourceDao<SearchParameter> searchParameters,
      ISearchParamRegistry registry,
      List<String> unindexed) {
    this.fhir = fhir;
    this.searchParameters = searchParameters;
    this.registry = registry;
    this.unindexed = Set.copyOf(unindexed);
    Set<String> known =
        definitions().stream().map(RuntimeSearchParam::getName).collect(Collectors.toSet());
    Set<String> unknown = new HashSet<>(this.unindexed);
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalStateException(
          "carepath.audit.unindexed-search-parameters names what is not a search parameter of"
              + " AuditEvent: "
              + unknown);
    }
    Set<String> required = new HashSet<>(this.unindexed);
    required.retainAll(REQUIRED);
    if (!required.isEmpty()) {
      throw new IllegalStateException(
          "carepath.audit.unindexed-search-parameters cannot name "
              + required
              + ": the access report searches AuditEvents by them");
    }
  }

  private List<RuntimeSearchParam> definitions() {
    return fhir.getResourceDefinition(TYPE).getSearchParams();
  }

  @Override
  public void run(ApplicationArguments args) {
    SystemRequestDetails request = new SystemRequestDetails();
    int changed = 0;
    for (RuntimeSearchParam definition : definitions()) {
      String id = TYPE + "-" + definition.getName();
      boolean retire = unindexed.contains(definition.getName());
      boolean storedRetired =
          stored(id, request).filter(sp -> sp.getStatus() == PublicationStatus.RETIRED).isPresent();
      if (retire || storedRetired) {
        PublicationStatus status = retire ? PublicationStatus.RETIRED : PublicationStatus.ACTIVE;
        if (!searchParameters
            .update(copy(id, definition, status), retire ? withoutReindex() : request)
            .isNop()) {
          changed++;
        }
      }
    }
    if (changed > 0) {
      registry.forceRefresh();
    }
    log.info(
        "AuditEvent search parameters not indexed: {} ({} changed)", unindexed.size(), changed);
  }

  /**
   * Retiring a parameter reindexes nothing: HAPI would re-extract every stored AuditEvent (on a
   * fresh database, those written meanwhile — a job that took a tenth of the server's CPU through a
   * benchmark, run 99), only to drop rows no search reads any more. Existing AuditEvents keep them
   * until an operator runs {@code $reindex} (docs/operations.md). Re-activating one does reindex:
   * without it, searches by it would miss the AuditEvents stored meanwhile.
   */
  private static SystemRequestDetails withoutReindex() {
    SystemRequestDetails request = new SystemRequestDetails();
    request.getUserData().put(JpaConstants.SKIP_REINDEX_ON_UPDATE, Boolean.TRUE);
    return request;
  }

  private Optional<SearchParameter> stored(String id, SystemRequestDetails request) {
    try {
      return Optional.of(searchParameters.read(new IdType("SearchParameter", id), request));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  private static SearchParameter copy(
      String id, RuntimeSearchParam definition, PublicationStatus status) {
    SearchParameter copy = new SearchParameter();
    copy.setId(id);
    copy.setUrl(definition.getUri());
    copy.setName(definition.getName());
    copy.setCode(definition.getName());
    copy.setStatus(status);
    copy.setDescription(definition.getDescription());
    copy.addBase(TYPE);
    copy.setType(SearchParamType.fromCode(definition.getParamType().getCode()));
    copy.setExpression(definition.getPath());
    copy.setXpathUsage(SearchParameter.XPathUsageType.NORMAL);
    definition.getTargets().forEach(copy::addTarget);
    return copy;
  }

  @Override
  public int getOrder() {
    // Before the conformance package (order 0) and the demo population: before any AuditEvent.
    return -10;
  }
}
