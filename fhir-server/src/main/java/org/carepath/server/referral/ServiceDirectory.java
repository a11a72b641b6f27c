package org.carepath.server.referral;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.List;
import org.carepath.coordination.referral.ServiceOffer;
import org.carepath.coordination.referral.fhir.ServiceDirectoryReader;
import org.carepath.server.fhir.Searches;
import org.hl7.fhir.r4.model.HealthcareService;

/**
 * The service directory: every active HealthcareService, as routing sees it (read as the system).
 */
class ServiceDirectory {

  private final DaoRegistry daos;

  ServiceDirectory(DaoRegistry daos) {
    this.daos = daos;
  }

  List<ServiceOffer> services() {
    SearchParameterMap params = SearchParameterMap.newSynchronous("active", new TokenParam("true"));
    return Searches.all(daos.getResourceDao(HealthcareService.class), params).stream()
        .map(HealthcareService.class::cast)
        .filter(HealthcareService::hasProvidedBy)
        .map(ServiceDirectoryReader::offer)
        .toList();
  }
}
