package org.carepath.server.careplan;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.ips.api.ISectionResourceSupplier;
import ca.uhn.fhir.jpa.ips.api.IpsContext;
import ca.uhn.fhir.jpa.ips.api.IpsSectionContext;
import ca.uhn.fhir.jpa.ips.jpa.IJpaSectionSearchStrategy;
import ca.uhn.fhir.jpa.ips.jpa.JpaSectionSearchStrategyCollection;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.ArrayList;
import java.util.List;
import org.carepath.server.fhir.Searches;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The resources of one crisis-summary section: the section's search (as its strategy shapes it)
 * made at once for all it finds, then only what the caller may see ({@link CarePlanReach#shows},
 * the decision a read of each would get, recorded for the request's audit event) — before the
 * document is built, so neither a section's entries nor its narrative hold anything else.
 *
 * <p>HAPI's own supplier searches with the caller's request, which makes every section a stored,
 * paged search (a row in {@code hfj_search}, its results saved, pages of ten loaded one by one);
 * with the caller's request a one-shot search would stop at the default page size instead. Here the
 * search is the server's own, unpaged and bounded by {@link Searches#LIMIT}.
 */
final class VisibleSectionResources implements ISectionResourceSupplier {

  private final JpaSectionSearchStrategyCollection strategies;
  private final DaoRegistry daos;
  private final FhirContext fhir;
  private final CarePlanReach reach;

  VisibleSectionResources(
      JpaSectionSearchStrategyCollection strategies,
      DaoRegistry daos,
      FhirContext fhir,
      CarePlanReach reach) {
    this.strategies = strategies;
    this.daos = daos;
    this.fhir = fhir;
    this.reach = reach;
  }

  @Override
  public <T extends IBaseResource> List<ResourceEntry> fetchResourcesForSection(
      IpsContext document, IpsSectionContext<T> section, RequestDetails request) {
    Class<T> type = section.getResourceType();
    IJpaSectionSearchStrategy<T> strategy = strategies.getSearchStrategy(type);
    SearchParameterMap search = SearchParameterMap.newSynchronous();
    search.add(patientParameter(type), new ReferenceParam(document.getSubjectId()));
    strategy.massageResourceSearch(section, search);
    List<ResourceEntry> entries = new ArrayList<>();
    for (IBaseResource found : Searches.all(daos.getResourceDao(type), search)) {
      boolean wanted = !type.isInstance(found) || strategy.shouldInclude(section, type.cast(found));
      if (wanted && reach.shows(request, found)) {
        entries.add(
            new ResourceEntry(
                found,
                ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.get(found)
                        == BundleEntrySearchModeEnum.INCLUDE
                    ? InclusionTypeEnum.SECONDARY_RESOURCE
                    : InclusionTypeEnum.PRIMARY_RESOURCE));
      }
    }
    return entries.isEmpty() ? null : entries;
  }

  /** How a section's type names the person: {@code patient} where it has it, else subject. */
  private String patientParameter(Class<? extends IBaseResource> type) {
    return fhir.getResourceDefinition(type).getSearchParam("patient") != null
        ? "patient"
        : "subject";
  }
}
