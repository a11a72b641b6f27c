package org.carepath.server.risk;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;
import org.carepath.coordination.access.Accessor;

/**
 * Who is asking for a cohort, as the access feature sees them (it implements this: the risk feature
 * does not depend on it).
 */
public interface CohortMakers {

  /** The caller, if the request has a Carepath user. */
  Optional<Accessor> accessor(RequestDetails request);
}
