package org.carepath.server.risk;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carepath.server.fhir.Searches;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;

/**
 * An organisation and those within it (place → PCN → practice, by {@code partOf} at any depth),
 * read as the caller.
 */
public class OrganisationTree {

  private static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";

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

  /** The organisation with this ODS code ({@code Organization/<id>}), if exactly one has it. */
  public Optional<String> byOdsCode(String odsCode) {
    SearchParameterMap params =
        SearchParameterMap.newSynchronous("identifier", new TokenParam(ODS, odsCode));
    List<IBaseResource> found =
        Searches.all(daoRegistry.getResourceDao(Organization.class), params);
    return found.size() == 1
        ? Optional.of("Organization/" + found.get(0).getIdElement().getIdPart())
        : Optional.empty();
  }

  /**
   * The organisation ({@code Organization/<id>}) and those it is part of, most local first: a
   * practice, its PCN, its place, the ICS. Stops at a cycle or a missing organisation.
   */
  public List<String> organisationAndAbove(String reference) {
    List<String> chain = new ArrayList<>();
    String next = reference;
    while (next != null && !chain.contains(next)) {
      chain.add(next);
      SearchParameterMap params =
          SearchParameterMap.newSynchronous("_id", new TokenParam(new IdType(next).getIdPart()));
      next =
          Searches.all(daoRegistry.getResourceDao(Organization.class), params).stream()
              .map(Organization.class::cast)
              .filter(Organization::hasPartOf)
              .map(
                  org ->
                      org.getPartOf().getReferenceElement().toUnqualifiedVersionless().getValue())
              .findFirst()
              .orElse(null);
    }
    return chain;
  }
}
