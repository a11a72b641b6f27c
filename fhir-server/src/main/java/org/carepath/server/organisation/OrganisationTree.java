package org.carepath.server.organisation;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.carepath.server.fhir.Searches;
import org.carepath.server.fhir.TypeSnapshot;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;

/**
 * An organisation and those within it (place → PCN → practice, by {@code partOf} at any depth),
 * read as the caller.
 */
public class OrganisationTree {

  private static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";

  /** Each organisation's parent ({@code partOf}), and the organisations by ODS code. */
  private record Hierarchy(
      Map<String, Optional<String>> partOf, Map<String, List<String>> byOdsCode) {}

  private final DaoRegistry daoRegistry;
  private final TypeSnapshot<Hierarchy> hierarchy;

  OrganisationTree(DaoRegistry daoRegistry, DataSource dataSource) {
    this.daoRegistry = daoRegistry;
    this.hierarchy = new TypeSnapshot<>(dataSource, "Organization", () -> read(daoRegistry));
  }

  public Organization read(String id, RequestDetails request) {
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
    List<String> found = hierarchy.get().byOdsCode().getOrDefault(odsCode, List.of());
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  /**
   * The organisation ({@code Organization/<id>}) and those directly part of it (a PCN and its
   * practices), from the hierarchy snapshot.
   */
  public Set<String> organisationAndParts(String reference) {
    Set<String> found = new LinkedHashSet<>(List.of(reference));
    hierarchy
        .get()
        .partOf()
        .forEach(
            (organisation, parent) -> {
              if (parent.filter(reference::equals).isPresent()) {
                found.add(organisation);
              }
            });
    return found;
  }

  /**
   * The organisation ({@code Organization/<id>}) and those it is part of, most local first: a
   * practice, its PCN, its place, the ICS. Stops at a cycle or a missing organisation.
   */
  public List<String> organisationAndAbove(String reference) {
    Hierarchy known = hierarchy.get();
    List<String> chain = new ArrayList<>();
    String next = reference;
    while (next != null && !chain.contains(next)) {
      chain.add(next);
      next = known.partOf().getOrDefault(next, Optional.empty()).orElse(null);
    }
    return chain;
  }

  /** Every organisation's parent and ODS codes, read as the system, rebuilt when one changes. */
  private static Hierarchy read(DaoRegistry daoRegistry) {
    Map<String, Optional<String>> partOf = new HashMap<>();
    Map<String, List<String>> byOds = new HashMap<>();
    for (IBaseResource found :
        Searches.all(
            daoRegistry.getResourceDao(Organization.class), SearchParameterMap.newSynchronous())) {
      Organization organisation = (Organization) found;
      String reference = "Organization/" + organisation.getIdElement().getIdPart();
      partOf.put(
          reference,
          Optional.of(organisation)
              .filter(Organization::hasPartOf)
              .map(o -> o.getPartOf().getReferenceElement().toUnqualifiedVersionless().getValue()));
      organisation.getIdentifier().stream()
          .filter(identifier -> ODS.equals(identifier.getSystem()) && identifier.hasValue())
          .forEach(
              identifier ->
                  byOds
                      .computeIfAbsent(identifier.getValue(), code -> new ArrayList<>())
                      .add(reference));
    }
    Map<String, List<String>> odsCodes = new HashMap<>();
    byOds.forEach((code, references) -> odsCodes.put(code, List.copyOf(references)));
    return new Hierarchy(Map.copyOf(partOf), Map.copyOf(odsCodes));
  }
}
