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
import java.util.List;
import java.util.Set;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.carepath.server.pathway.WorklistSection;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

/**
 * Referrals on {@code $worklist}: those the scope's organisations must accept (waiting, and how
 * many are breaching their acceptance target), and those its practices sent that no service could
 * take (unroutable), with the breaching and unroutable Tasks listed (at most {@code limit} each).
 * Counts are complete.
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
    int unroutable = practices.isEmpty() ? 0 : count(unroutable(practices));
    part.addPart().setName("awaitingAcceptance").setValue(new IntegerType(waiting));
    part.addPart().setName("breaching").setValue(new IntegerType(breaching));
    part.addPart().setName("unroutable").setValue(new IntegerType(unroutable));
    if (breaching > 0) {
      list(awaiting(owners, true))
          .forEach(task -> part.addPart().setName("breachingReferral").setResource(task));
    }
    if (unroutable > 0) {
      list(unroutable(practices))
          .forEach(task -> part.addPart().setName("unroutableReferral").setResource(task));
    }
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

  private static SearchParameterMap unroutable(Set<String> practices) {
    SearchParameterMap params = referralTasks();
    params.add("requester", anyOf(practices));
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
