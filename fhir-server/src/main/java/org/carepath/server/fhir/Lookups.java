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

  /**
   * The one Patient with this identifier (an NHS number: {@code system|value}), read as the system;
   * 404 when there is none, 422 when several share it or the identifier has no system and value —
   * for operations that name their patient by identifier, as the IPS {@code $summary} does.
   */
  public static String patientIdByIdentifier(DaoRegistry daos, TokenParam identifier) {
    if (identifier == null || identifier.getSystem() == null || identifier.getValue() == null) {
      throw new ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException(
          "identifier must be system|value, e.g. https://fhir.nhs.uk/Id/nhs-number|9434765919.");
    }
    SearchParameterMap params =
        SearchParameterMap.newSynchronous(
            "identifier", new TokenParam(identifier.getSystem(), identifier.getValue()));
    var found = Searches.all(daos.getResourceDao(org.hl7.fhir.r4.model.Patient.class), params);
    if (found.isEmpty()) {
      throw new ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException(
          "No patient has the identifier " + identifier.getSystem() + "|" + identifier.getValue());
    }
    if (found.size() > 1) {
      throw new ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException(
          found.size() + " patients share that identifier; name the patient by id.");
    }
    return found.get(0).getIdElement().getIdPart();
  }

  public static <T extends Resource> Optional<T> byId(DaoRegistry daos, Class<T> type, String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    String idPart = new IdType(id).getIdPart();
    SearchParameterMap params = SearchParameterMap.newSynchronous("_id", new TokenParam(idPart));
    return Searches.all(daos.getResourceDao(type), params).stream().findFirst().map(type::cast);
  }
}
