package org.carepath.server.conformance;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * Stores Carepath's package and terminology in the server at start-up (profiles with their
 * snapshots), each resource by PUT with its own id: a restart changes nothing (HAPI keeps an
 * unchanged resource at its version) and an edited file becomes the resource's next version. Runs
 * before the demo population.
 */
class ConformanceLoader implements ApplicationRunner, Ordered {

  static final int ORDER = 0;
  private static final Logger log = LoggerFactory.getLogger(ConformanceLoader.class);

  private final List<ConformancePackage.Entry> conformancePackage;
  private final CarepathValidator validator;
  private final DaoRegistry daoRegistry;
  private final ISearchParamRegistry searchParamRegistry;

  ConformanceLoader(
      List<ConformancePackage.Entry> conformancePackage,
      CarepathValidator validator,
      DaoRegistry daoRegistry,
      ISearchParamRegistry searchParamRegistry) {
    this.conformancePackage = conformancePackage;
    this.validator = validator;
    this.daoRegistry = daoRegistry;
    this.searchParamRegistry = searchParamRegistry;
  }

  @Override
  public void run(ApplicationArguments args) {
    int changed = 0;
    for (ConformancePackage.Entry entry : conformancePackage) {
      // Profiles are stored with their snapshot, generated here from the differential.
      var resource =
          entry.resource() instanceof StructureDefinition profile
              ? validator.withSnapshot(profile.getUrl())
              : entry.resource();
      @SuppressWarnings("unchecked")
      var dao =
          daoRegistry.getResourceDao(
              (Class<org.hl7.fhir.instance.model.api.IBaseResource>) resource.getClass());
      DaoMethodOutcome outcome = dao.update(resource, request(resource));
      if (!outcome.isNop()) {
        changed++;
      }
    }
    searchParamRegistry.forceRefresh();
    log.info(
        "Carepath conformance resources: {} in the package, {} created or updated",
        conformancePackage.size(),
        changed);
  }

  /**
   * The request that stores a package resource. A SearchParameter whose base types hold no record
   * yet (the first start on a new database) asks for no reindex: there is nothing to reindex, and
   * HAPI's job, which starts about a minute later, would reindex everything written meanwhile — the
   * demo population, a first load — although it was indexed as it was written (the parameter is
   * active before the next runner starts). With records present, HAPI reindexes them as usual.
   */
  private SystemRequestDetails request(IBaseResource resource) {
    SystemRequestDetails request = new SystemRequestDetails();
    if (resource instanceof SearchParameter parameter
        && parameter.getBase().stream().noneMatch(base -> holdsRecords(base.getCode()))) {
      request.getUserData().put(JpaConstants.SKIP_REINDEX_ON_UPDATE, Boolean.TRUE);
    }
    return request;
  }

  private boolean holdsRecords(String type) {
    if (!daoRegistry.isResourceTypeSupported(type)) {
      return false;
    }
    SearchParameterMap any = SearchParameterMap.newSynchronous();
    any.setLoadSynchronousUpTo(1);
    any.setCount(1);
    return !daoRegistry
        .getResourceDao(type)
        .searchForResourceIds(any, new SystemRequestDetails())
        .isEmpty();
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
