package org.carepath.server.fhir;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * The server's one way to read a resource by id that may be absent, as the system: empty rather
 * than an exception. A synchronous {@code _id} search, not a DAO read: inside a transaction that
 * Carepath opened, a read failing with "not found" marks the whole transaction for rollback (a
 * storage hook or a scheduled job would then fail at commit for a resource it only looked for).
 * Accepts {@code <id>}, {@code Type/<id>} or a versioned or absolute reference.
 */
public final class Lookups {

  private Lookups() {}

  public static <T extends Resource> Optional<T> byId(DaoRegistry daos, Class<T> type, String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    String idPart = new IdType(id).getIdPart();
    SearchParameterMap params = SearchParameterMap.newSynchronous("_id", new TokenParam(idPart));
    return Searches.all(daos.getResourceDao(type), params).stream().findFirst().map(type::cast);
  }
}
