package org.carepath.server.pathway;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Set;

/**
 * Which organisations a caller's worklist may count (the access feature decides): of those a {@code
 * $worklist} asks for ({@code Organization/<id>}), the ones whose steps the counts may cover. The
 * Tasks a worklist lists are each checked as any read is; this keeps its counts to what the caller
 * may know too.
 */
public interface WorklistReach {

  Set<String> within(RequestDetails request, Set<String> organisations);
}
