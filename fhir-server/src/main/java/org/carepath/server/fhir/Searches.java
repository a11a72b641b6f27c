package org.carepath.server.fhir;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The server's own in-process searches that need every match, not a page: a patient's record, a
 * care plan's steps, a worklist's Tasks (after the caller was authorised for the operation). Made
 * with a client's request, a synchronous search is cut at the client's page size (20) — silently,
 * or failing with HAPI-0464 when asked for everything — as soon as a patient has more than a page
 * of observations or a worklist lists more than 20 steps. These run as the system, with an explicit
 * bound far above any record, and fail loudly rather than answer part of it.
 */
public final class Searches {

  /** The most one such search answers. */
  public static final int LIMIT = 10_000;

  private Searches() {}

  public static List<IBaseResource> all(IFhirResourceDao<?> dao, SearchParameterMap params) {
    params.setLoadSynchronous(true);
    params.setLoadSynchronousUpTo(LIMIT + 1);
    params.setCount(LIMIT + 1);
    IBundleProvider found = dao.search(params, new SystemRequestDetails());
    List<IBaseResource> resources = found.getResources(0, LIMIT + 1);
    if (resources.size() > LIMIT) {
      throw new IllegalStateException("A search matched more than " + LIMIT + " resources");
    }
    return resources;
  }
}
