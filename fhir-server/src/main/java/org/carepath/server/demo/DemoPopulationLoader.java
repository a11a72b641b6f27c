package org.carepath.server.demo;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.LocalDate;
import org.carepath.coordination.patient.NhsNumber;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * Loads the demo world and its synthetic patients once. Everything is written with PUT or
 * conditional create, so an interrupted load completes on the next start and a finished one is
 * detected (its last patient exists) and skipped. Logs counts only, never patient data.
 */
class DemoPopulationLoader implements ApplicationRunner, Ordered {

  private static final Logger log = LoggerFactory.getLogger(DemoPopulationLoader.class);

  private final DemoProperties properties;
  private final IFhirSystemDao<Bundle, Meta> systemDao;
  private final DaoRegistry daoRegistry;

  DemoPopulationLoader(
      DemoProperties properties, IFhirSystemDao<Bundle, Meta> systemDao, DaoRegistry daoRegistry) {
    this.properties = properties;
    this.systemDao = systemDao;
    this.daoRegistry = daoRegistry;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!properties.enabled()) {
      log.info("Demo population is off (carepath.demo.enabled=false)");
      return;
    }
    int patients = properties.patients();
    if (patients > 0 && patientExists(SyntheticPopulation.nhsNumberFor(patients - 1))) {
      log.info("Demo population already loaded");
      return;
    }
    long started = System.nanoTime();
    systemDao.transaction(new SystemRequestDetails(), DemoWorld.bundle());
    SyntheticPopulation population =
        new SyntheticPopulation(
            properties.seed(),
            PopulationMix.caseload(),
            DemoWorld.practiceReferences(),
            LocalDate.now(),
            properties.yearsOfHistory());
    int resources = 0;
    for (int i = 0; i < patients; i++) {
      Bundle bundle = population.patient(i).bundle();
      systemDao.transaction(new SystemRequestDetails(), bundle);
      resources += bundle.getEntry().size();
    }
    log.info(
        "Loaded the demo population: {} organisations, {} staff, {} patients ({} resources) in {}"
            + " ms",
        DemoWorld.ORGANISATIONS.size(),
        DemoWorld.STAFF.size(),
        patients,
        resources,
        (System.nanoTime() - started) / 1_000_000);
  }

  /** After the conformance resources, which the demo data is validated against. */
  @Override
  public int getOrder() {
    return 10;
  }

  private boolean patientExists(String nhsNumber) {
    SearchParameterMap byNhsNumber =
        SearchParameterMap.newSynchronous(
            "identifier", new TokenParam(NhsNumber.SYSTEM, nhsNumber));
    return daoRegistry
            .getResourceDao("Patient")
            .search(byNhsNumber, new SystemRequestDetails())
            .size()
        > 0;
  }
}
