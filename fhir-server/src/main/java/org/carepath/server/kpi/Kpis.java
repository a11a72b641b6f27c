package org.carepath.server.kpi;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.carepath.coordination.kpi.MeasureResult;
import org.carepath.coordination.kpi.PathwayMeasure;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;

/**
 * Pathway KPIs for a period of days (in the pathways' time zone) and an organisation (a practice,
 * PCN or place, with every organisation within it) or everyone — counting only the patients of the
 * organisations the caller's KPIs may cover ({@link KpiReach}: those they act for, in direct care).
 */
class Kpis {

  private final DaoRegistry daos;
  private final MeasureCatalogue catalogue;
  private final PathwayMeasures measures;
  private final BiFunction<String, RequestDetails, Set<String>> organisationAndBelow;
  private final KpiReach reach;
  private final Clock clock;
  private final ZoneId zone;

  Kpis(
      DaoRegistry daos,
      MeasureCatalogue catalogue,
      PathwayMeasures measures,
      BiFunction<String, RequestDetails, Set<String>> organisationAndBelow,
      KpiReach reach,
      Clock clock,
      ZoneId zone) {
    this.daos = daos;
    this.catalogue = catalogue;
    this.measures = measures;
    this.organisationAndBelow = organisationAndBelow;
    this.reach = reach;
    this.clock = clock;
    this.zone = zone;
  }

  /** The organisations asked for (empty: everyone), within the caller's limit (empty: none). */
  static Optional<Set<String>> narrowed(Optional<Set<String>> asked, Optional<Set<String>> limit) {
    if (limit.isEmpty()) {
      return asked;
    }
    if (asked.isEmpty()) {
      return limit;
    }
    Set<String> within = new java.util.LinkedHashSet<>(asked.get());
    within.retainAll(limit.get());
    return Optional.of(Set.copyOf(within));
  }

  Optional<PathwayMeasure> measure(String id) {
    return catalogue.byId(id);
  }

  /**
   * {@code organisationId} is an Organization's id (an unknown one is not found, 404); empty for
   * everyone.
   */
  MeasureResult evaluate(
      PathwayMeasure measure,
      LocalDate firstDay,
      LocalDate lastDay,
      Optional<String> organisationId,
      RequestDetails request) {
    Instant start = firstDay.atStartOfDay(zone).toInstant();
    Instant end = lastDay.plusDays(1).atStartOfDay(zone).toInstant();
    Optional<Set<String>> asked =
        organisationId.map(
            id -> {
              daos.getResourceDao(Organization.class).read(new IdType("Organization", id), request);
              return organisationAndBelow.apply(id, request);
            });
    PathwayMeasures.Scope scope =
        new PathwayMeasures.Scope(
            organisationId.map(id -> "Organization/" + id), narrowed(asked, reach.limit(request)));
    return measures.evaluate(measure, scope, start, end, clock.instant());
  }
}
