package org.carepath.server.conformance;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
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
      DaoMethodOutcome outcome = dao.update(resource, new SystemRequestDetails());
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

  @Override
  public int getOrder() {
    return ORDER;
  }
}
