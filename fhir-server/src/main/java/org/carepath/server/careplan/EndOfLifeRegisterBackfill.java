package org.carepath.server.careplan;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import org.carepath.coordination.organisation.OrganisationType;
import org.carepath.server.fhir.Searches;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Organization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start-up, every general practice without an end-of-life register gets one, holding its people
 * already on the end-of-life pathway: after an upgrade from before registers, nobody enrolled
 * earlier is missing from one. Each practice in its own transaction, under the register's lock
 * (replicas starting together start each register once); practices that have one are left alone.
 */
class EndOfLifeRegisterBackfill implements ApplicationRunner, Ordered {

  private static final Logger log = LoggerFactory.getLogger(EndOfLifeRegisterBackfill.class);

  private final DaoRegistry daos;
  private final EndOfLifeRegisters registers;
  private final TransactionTemplate transactions;
  private final Clock clock;

  EndOfLifeRegisterBackfill(
      DaoRegistry daos,
      EndOfLifeRegisters registers,
      TransactionTemplate transactions,
      Clock clock) {
    this.daos = daos;
    this.registers = registers;
    this.transactions = transactions;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) {
    int started = 0;
    for (IBaseResource practice :
        Searches.all(
            daos.getResourceDao(Organization.class),
            SearchParameterMap.newSynchronous(
                "type",
                new TokenParam(OrganisationType.SYSTEM, OrganisationType.GP_PRACTICE.code())))) {
      String id = practice.getIdElement().getIdPart();
      if (Boolean.TRUE.equals(
          transactions.execute(status -> registers.seed(id, clock.instant())))) {
        started++;
      }
    }
    if (started > 0) {
      log.info("Started the end-of-life register of {} practices", started);
    }
  }

  /** After the conformance package (the pathway search parameter), before the demo. */
  @Override
  public int getOrder() {
    return 7;
  }
}
