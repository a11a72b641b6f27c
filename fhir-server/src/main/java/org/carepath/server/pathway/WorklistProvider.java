package org.carepath.server.pathway;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.carepath.server.fhir.FhirOperationProvider;
import org.carepath.server.fhir.Searches;
import org.carepath.server.organisation.OrganisationTree;
import org.carepath.server.security.CarepathRole;
import org.carepath.server.security.CarepathUser;
import org.carepath.server.security.CurrentUser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * {@code GET [base]/$worklist}: open pathway steps that are overdue, due within 7 days, or
 * unclaimed, grouped by pathway with counts. For {@code organization} (the steps it owns, and for a
 * practice, PCN or place every step of its registered patients), for {@code pcn} (every step of its
 * patients), or by default for the caller's own organisation and role.
 */
class WorklistProvider implements FhirOperationProvider {

  private final Worklists worklists;
  private final OrganisationTree organisationTree;
  private final DaoRegistry daos;
  private final Clock clock;
  private final List<WorklistSection> sections;
  private final WorklistReach reach;

  WorklistProvider(
      Worklists worklists,
      OrganisationTree organisationTree,
      DaoRegistry daos,
      Clock clock,
      List<WorklistSection> sections,
      WorklistReach reach) {
    this.reach = reach;
    this.worklists = worklists;
    this.organisationTree = organisationTree;
    this.daos = daos;
    this.clock = clock;
    this.sections = List.copyOf(sections);
  }

  /** {@code $worklist} (OperationDefinition {@code worklist}). */
  @Operation(name = "$worklist", idempotent = true)
  public Parameters worklist(
      @OperationParam(name = "organization", max = 1) StringType organization,
      @OperationParam(name = "pcn", max = 1) StringType pcn,
      RequestDetails request) {
    Worklists.Scope scope;
    String described;
    if (pcn != null && pcn.hasValue()) {
      Set<String> tree = organisationTree.organisationAndBelow(idOf(pcn.getValue()), request);
      scope = new Worklists.Scope(Set.of(), tree, Optional.empty());
      described = "pcn " + reference(pcn.getValue());
    } else if (organization != null && organization.hasValue()) {
      Set<String> tree =
          organisationTree.organisationAndBelow(idOf(organization.getValue()), request);
      scope = new Worklists.Scope(tree, tree, Optional.empty());
      described = "organization " + reference(organization.getValue());
    } else {
      CarepathUser user =
          CurrentUser.get()
              .orElseThrow(() -> new InvalidRequestException("give organization or pcn"));
      String odsCode =
          user.organisationOdsCode()
              .orElseThrow(
                  () ->
                      new InvalidRequestException(
                          "your token names no organisation: give organization or pcn"));
      String id = organisationByOds(odsCode);
      Set<String> tree = organisationTree.organisationAndBelow(id, request);
      Optional<String> role =
          user.roles().stream()
              .filter(
                  r ->
                      r != CarepathRole.SYSTEM
                          && r != CarepathRole.COMMISSIONER
                          && r != CarepathRole.CONTENT_AUTHOR)
              .map(CarepathRole::code)
              .findFirst();
      scope = new Worklists.Scope(tree, tree, role);
      described = "organization Organization/" + id + role.map(r -> ", role " + r).orElse("");
    }
    Worklists.Scope asked = scope;
    scope =
        new Worklists.Scope(
            reach.within(request, asked.owners()),
            reach.within(request, asked.practices()),
            asked.role());
    if (!scope.equals(asked)) {
      described += ", counting only the organisations you act for";
    }
    Instant now = clock.instant();
    Parameters result = new Parameters();
    result.addParameter("scope", new StringType(described));
    result.addParameter("generated", new InstantType(Date.from(now)));
    List<Worklists.Group> groups = worklists.worklist(scope, now);
    Map<String, Task> tasks =
        read(
            groups.stream()
                .flatMap(group -> group.taskIds().values().stream())
                .flatMap(List::stream)
                .distinct()
                .toList());
    for (Worklists.Group group : groups) {
      ParametersParameterComponent part = result.addParameter().setName("pathway");
      part.addPart().setName("code").setValue(new CodeType(group.pathway()));
      part.addPart().setName("overdue").setValue(new IntegerType(group.overdue()));
      part.addPart().setName("dueSoon").setValue(new IntegerType(group.dueSoon()));
      part.addPart().setName("unclaimed").setValue(new IntegerType(group.unclaimed()));
      for (Map.Entry<String, List<String>> listed : group.taskIds().entrySet()) {
        listed.getValue().stream()
            .map(tasks::get)
            .filter(Objects::nonNull)
            .forEach(task -> part.addPart().setName(listed.getKey()).setResource(task));
      }
    }
    for (WorklistSection section : sections) {
      section.addTo(result, scope.owners(), scope.practices(), now);
    }
    return result;
  }

  /** The listed Tasks, by id, in one search. */
  private Map<String, Task> read(List<String> ids) {
    Map<String, Task> byId = new HashMap<>();
    if (ids.isEmpty()) {
      return byId;
    }
    SearchParameterMap params = SearchParameterMap.newSynchronous();
    TokenOrListParam idList = new TokenOrListParam();
    ids.forEach(id -> idList.addOr(new TokenParam(id)));
    params.add("_id", idList);
    for (IBaseResource resource : Searches.all(daos.getResourceDao(Task.class), params)) {
      byId.put(resource.getIdElement().getIdPart(), (Task) resource);
    }
    return byId;
  }

  private String organisationByOds(String odsCode) {
    return organisationTree
        .byOdsCode(odsCode)
        .map(reference -> new IdType(reference).getIdPart())
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "your organisation is not known here: give organization"));
  }

  private static String idOf(String value) {
    IdType id = new IdType(value);
    if (id.hasResourceType() && !"Organization".equals(id.getResourceType())) {
      throw new InvalidRequestException("organization and pcn are Organization references");
    }
    return id.getIdPart();
  }

  private static String reference(String value) {
    return "Organization/" + idOf(value);
  }
}
