package org.carepath.server.referral;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.List;
import javax.sql.DataSource;
import org.carepath.coordination.referral.ServiceOffer;
import org.carepath.coordination.referral.fhir.ServiceDirectoryReader;
import org.carepath.server.fhir.Searches;
import org.carepath.server.fhir.TypeSnapshot;
import org.hl7.fhir.r4.model.HealthcareService;

/**
 * The service directory: every active HealthcareService, as routing sees it (read as the system),
 * read again only when a HealthcareService changes.
 */
class ServiceDirectory {

  private final TypeSnapshot<List<ServiceOffer>> services;

  ServiceDirectory(DaoRegistry daos, DataSource dataSource) {
    this.services = new TypeSnapshot<>(dataSource, "HealthcareService", () -> read(daos));
  }

  List<ServiceOffer> services() {
    return services.get();
  }

  private static List<ServiceOffer> read(DaoRegistry daos) {
    SearchParameterMap params = SearchParameterMap.newSynchronous("active", new TokenParam("true"));
    return Searches.all(daos.getResourceDao(HealthcareService.class), params).stream()
        .map(HealthcareService.class::cast)
        .filter(HealthcareService::hasProvidedBy)
        .map(ServiceDirectoryReader::offer)
        .toList();
  }
}
