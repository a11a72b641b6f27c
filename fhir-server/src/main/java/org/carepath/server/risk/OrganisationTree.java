package org.carepath.server.risk;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.carepath.server.fhir.Searches;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;

/**
 * An organisation and those within it (place → PCN → practice, by {@code partOf} at any depth),
 * read as the caller.
 */
public class OrganisationTree {

  private final DaoRegistry daoRegistry;

  OrganisationTree(DaoRegistry daoRegistry) {
    this.daoRegistry = daoRegistry;
  }

  Organization read(String id, RequestDetails request) {
    return daoRegistry
        .getResourceDao(Organization.class)
        .read(new IdType("Organization", id), request);
  }

  /** References ({@code Organization/<id>}) of the organisation and every one partOf it. */
  public Set<String> organisationAndBelow(String id, RequestDetails request) {
    Set<String> found = new LinkedHashSet<>();
    Deque<String> toVisit = new ArrayDeque<>(List.of("Organization/" + id));
    while (!toVisit.isEmpty()) {
      String organization = toVisit.pop();
      if (found.add(organization)) {
        SearchParameterMap children =
            SearchParameterMap.newSynchronous("partof", new ReferenceParam(organization));
        Searches.all(daoRegistry.getResourceDao(Organization.class), children)
            .forEach(child -> toVisit.push("Organization/" + child.getIdElement().getIdPart()));
      }
    }
    return found;
  }
}
