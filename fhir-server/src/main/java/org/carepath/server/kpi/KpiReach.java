package org.carepath.server.kpi;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;
import java.util.Set;

/**
 * Which organisations ({@code Organization/<id>}) a caller's KPI counts may cover, whatever the
 * report asks for (the access feature decides): empty for no limit.
 */
public interface KpiReach {

  Optional<Set<String>> limit(RequestDetails request);
}
