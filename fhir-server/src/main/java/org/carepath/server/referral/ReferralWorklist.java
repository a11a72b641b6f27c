package org.carepath.server.referral;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SearchTotalModeEnum;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.carepath.server.fhir.Lookups;
import org.carepath.server.fhir.Searches;
import org.carepath.server.pathway.WorklistSection;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

/**
 * Referrals on {@code $worklist}: those the scope's organisations must accept (waiting, and how
 * many are breaching their acceptance target), and those no service could take (unroutable) that
 * its practices sent or that are about their registered patients, with the breaching and unroutable
 * Tasks listed (at most {@code limit} each). Counts are complete.
 */
class ReferralWorklist implements WorklistSection {

  private final DaoRegistry daos;
  private final int limit;

  ReferralWorklist(DaoRegistry daos, int limit) {
    this.daos = daos;
    this.limit = limit;
  }

  @Override
  public void addTo(Parameters worklist, Set<String> owners, Set<String> practices, Instant now) {
    ParametersParameterComponent part = worklist.addParameter().setName("referrals");
    int waiting = owners.isEmpty() ? 0 : count(awaiting(owners, false));
    int breaching = owners.isEmpty() ? 0 : count(awaiting(owners, true));
    List<Resource> unroutableTasks = practices.isEmpty() ? List.of() : unroutable(practices);
    int unroutable = unroutableTasks.size();
    part.addPart().setName("awaitingAcceptance").setValue(new IntegerType(waiting));
    part.addPart().setName("breaching").setValue(new IntegerType(breaching));
    part.addPart().setName("unroutable").setValue(new IntegerType(unroutable));
    if (breaching > 0) {
      list(awaiting(owners, true))
          .forEach(task -> part.addPart().setName("breachingReferral").setResource(task));
    }
    unroutableTasks.stream()
        .limit(limit)
        .forEach(task -> part.addPart().setName("unroutableReferral").setResource(task));
  }

  private static SearchParameterMap awaiting(Set<String> owners, boolean breachingOnly) {
    SearchParameterMap params = referralTasks();
    params.add("owner", anyOf(owners));
    params.add("status", new TokenOrListParam().add("requested").add("received"));
    if (breachingOnly) {
      params.add("business-status", new TokenParam(ReferralResources.BUSINESS_STATUS, "breaching"));
    }
    return params;
  }

  /**
   * Open unroutable referrals the practices sent, or about patients registered with them (a
   * referral from A&E or a community team for one of their patients), oldest change first. Open
   * unroutable referrals are few (each waits for a coordinator), so all are read and matched here.
   */
  private List<Resource> unroutable(Set<String> practices) {
    Map<String, Boolean> registeredHere = new HashMap<>();
    return Searches.all(daos.getResourceDao(Task.class), unroutableReferrals()).stream()
        .map(Task.class::cast)
        .filter(
            task ->
                practices.contains(reference(task.getRequester()))
                    || registeredHere.computeIfAbsent(
                        reference(task.getFor()), patient -> registeredWith(patient, practices)))
        .sorted(Comparator.comparing((Task task) -> task.getMeta().getLastUpdated()))
        .map(Resource.class::cast)
        .toList();
  }

  private boolean registeredWith(String patient, Set<String> practices) {
    if (!patient.startsWith("Patient/")) {
      return false;
    }
    return Lookups.byId(daos, Patient.class, patient).stream()
        .flatMap(found -> found.getGeneralPractitioner().stream())
        .map(ReferralWorklist::reference)
        .anyMatch(practices::contains);
  }

  private static String reference(Reference reference) {
    String value = reference.getReferenceElement().toUnqualifiedVersionless().getValue();
    return value == null ? "" : value;
  }

  private static SearchParameterMap unroutableReferrals() {
    SearchParameterMap params = referralTasks();
    params.add(
        "business-status",
        new TokenParam(ReferralResources.BUSINESS_STATUS, ReferralResources.UNROUTABLE));
    params.add("status", new TokenOrListParam().add("requested").add("received"));
    return params;
  }

  private static SearchParameterMap referralTasks() {
    SearchParameterMap params = SearchParameterMap.newSynchronous();
    params.add("code", new TokenParam(ReferralResources.TASK_CODE, "fulfill"));
    return params;
  }

  private static ReferenceOrListParam anyOf(Set<String> references) {
    ReferenceOrListParam any = new ReferenceOrListParam();
    references.forEach(reference -> any.addOr(new ReferenceParam(reference)));
    return any;
  }

  private int count(SearchParameterMap params) {
    params.setSearchTotalMode(SearchTotalModeEnum.ACCURATE);
    params.setCount(0);
    Integer size =
        daos.getResourceDao(Task.class).search(params, new SystemRequestDetails()).size();
    return size == null ? 0 : size;
  }

  private List<Resource> list(SearchParameterMap params) {
    params.setSort(new SortSpec("_lastUpdated", SortOrderEnum.ASC));
    params.setLoadSynchronousUpTo(limit);
    params.setCount(limit);
    List<IBaseResource> found =
        daos.getResourceDao(Task.class)
            .search(params, new SystemRequestDetails())
            .getResources(0, limit);
    return found.stream().map(Resource.class::cast).toList();
  }
}
