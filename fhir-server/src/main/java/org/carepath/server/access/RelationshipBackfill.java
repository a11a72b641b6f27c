package org.carepath.server.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills the relationship and objection tables from records stored before it existed (a database
 * from an earlier Carepath version), once, in batches; interrupted, it starts again at the next
 * start-up (projecting a record twice gives the same rows). Logs counts only.
 */
class RelationshipBackfill implements ApplicationRunner, Ordered {

  private static final Logger log = LoggerFactory.getLogger(RelationshipBackfill.class);
  private static final int BATCH = 500;

  private final DaoRegistry daoRegistry;
  private final RelationshipProjection projection;
  private final RelationshipStore store;
  private final TransactionTemplate transactions;
  private final Clock clock;

  RelationshipBackfill(
      DaoRegistry daoRegistry,
      RelationshipProjection projection,
      RelationshipStore store,
      TransactionTemplate transactions,
      Clock clock) {
    this.daoRegistry = daoRegistry;
    this.projection = projection;
    this.store = store;
    this.transactions = transactions;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (store.isBuilt()) {
      return;
    }
    int projected = 0;
    for (String type : RelationshipProjection.TYPES) {
      projected += backfill(daoRegistry.getResourceDao(type));
    }
    store.markBuilt(clock.instant());
    if (projected > 0) {
      log.info("Access relationships filled from {} existing records", projected);
    }
  }

  private <T extends org.hl7.fhir.instance.model.api.IBaseResource> int backfill(
      IFhirResourceDao<T> dao) {
    SystemRequestDetails request = new SystemRequestDetails();
    var ids = dao.searchForResourceIds(SearchParameterMap.newSynchronous(), request);
    for (int from = 0; from < ids.size(); from += BATCH) {
      var batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
      transactions.executeWithoutResult(
          status -> batch.forEach(id -> projection.project(dao.read(id, request), null)));
    }
    return ids.size();
  }

  /** With the other projections (5), before the demo population (10). */
  @Override
  public int getOrder() {
    return 6;
  }
}
