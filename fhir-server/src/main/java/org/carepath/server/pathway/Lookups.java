package org.carepath.server.pathway;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.Optional;
import org.carepath.server.fhir.Searches;
import org.hl7.fhir.r4.model.Resource;

/**
 * Looks a resource up by id without an exception when it is absent: inside a transaction, a DAO
 * read that fails with "not found" marks the whole transaction for rollback.
 */
final class Lookups {

  private Lookups() {}

  static <T extends Resource> Optional<T> byId(DaoRegistry daos, Class<T> type, String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    String idPart = id.contains("/") ? id.substring(id.lastIndexOf('/') + 1) : id;
    SearchParameterMap params = SearchParameterMap.newSynchronous("_id", new TokenParam(idPart));
    return Searches.all(daos.getResourceDao(type), params).stream().findFirst().map(type::cast);
  }
}
