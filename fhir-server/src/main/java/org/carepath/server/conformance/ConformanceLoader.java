package org.carepath.server.conformance;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.jobs.parameters.PartitionedUrl;
import ca.uhn.fhir.batch2.jobs.reindex.ReindexJobParameters;
import ca.uhn.fhir.batch2.jobs.reindex.ReindexUtils;
import ca.uhn.fhir.batch2.model.JobInstanceStartRequest;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
  private final IJobCoordinator jobs;

  ConformanceLoader(
      List<ConformancePackage.Entry> conformancePackage,
      CarepathValidator validator,
      DaoRegistry daoRegistry,
      ISearchParamRegistry searchParamRegistry,
      IJobCoordinator jobs) {
    this.conformancePackage = conformancePackage;
    this.validator = validator;
    this.daoRegistry = daoRegistry;
    this.searchParamRegistry = searchParamRegistry;
    this.jobs = jobs;
  }

  @Override
  public void run(ApplicationArguments args) {
    int changed = 0;
    Set<String> reindex = new TreeSet<>();
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
      SystemRequestDetails request = new SystemRequestDetails();
      if (resource instanceof SearchParameter) {
        request.getUserData().put(JpaConstants.SKIP_REINDEX_ON_UPDATE, Boolean.TRUE);
      }
      DaoMethodOutcome outcome = dao.update(resource, request);
      if (!outcome.isNop()) {
        changed++;
        if (resource instanceof SearchParameter parameter) {
          parameter.getBase().forEach(base -> reindex.add(base.getCode()));
        }
      }
    }
    searchParamRegistry.forceRefresh();
    reindexStored(reindex);
    log.info(
        "Carepath conformance resources: {} in the package, {} created or updated",
        conformancePackage.size(),
        changed);
  }

  /**
   * Reindexes the records of the types whose search parameters the package added or changed, once
   * the parameters are active — one REINDEX job for them all, and none where no record of those
   * types is stored yet (the first start on a new database). HAPI would start a job per parameter
   * as each is stored; on a new database each began about a minute later and reindexed everything
   * written meanwhile — the demo population, a first load, a benchmark's warm-up — although it was
   * indexed as it was written (docs/benchmarks.md run 102). A record written while the package was
   * being stored (the server takes requests meanwhile) is in the job. A base that is no stored type
   * (an abstract {@code Resource}; none in the package) is not reindexed here: run {@code
   * $reindex}.
   */
  private void reindexStored(Set<String> types) {
    List<String> stored = types.stream().filter(this::holdsRecords).toList();
    if (stored.isEmpty()) {
      return;
    }
    ReindexJobParameters parameters = new ReindexJobParameters();
    stored.forEach(
        type ->
            parameters.addPartitionedUrl(
                new PartitionedUrl()
                    .setUrl(type + "?")
                    .setRequestPartitionId(RequestPartitionId.allPartitions())));
    JobInstanceStartRequest job = new JobInstanceStartRequest();
    job.setJobDefinitionId(ReindexUtils.JOB_REINDEX);
    job.setParameters(parameters);
    jobs.startInstance(new SystemRequestDetails(), job);
    log.info("Reindexing the stored {} records for their new or changed search parameters", stored);
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
