package org.carepath.server.kpi;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.kpi.PlaceOfDeathPolicy;
import org.carepath.coordination.kpi.PlaceOfDeathPolicy.Decision;
import org.carepath.coordination.kpi.PlaceOfDeathPolicy.Place;
import org.carepath.coordination.kpi.Proportion;
import org.carepath.server.fhir.Searches;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Observation;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * "Died in the preferred place": the actual places of death recorded in the period (Observation
 * {@code actual-place-of-death}) of people on the end-of-life pathway, each compared by {@link
 * PlaceOfDeathPolicy} with the latest preferred place of death recorded before it.
 */
class PlacesOfDeath {

  static final String PREFERENCE_TYPE = Canonical.BASE + "/CodeSystem/eol-preference-type";

  private final DaoRegistry daos;
  private final JdbcTemplate jdbc;
  private final PlaceOfDeathPolicy policy;

  PlacesOfDeath(DaoRegistry daos, JdbcTemplate jdbc, PlaceOfDeathPolicy policy) {
    this.daos = daos;
    this.jdbc = jdbc;
    this.policy = policy;
  }

  Map<String, Proportion> diedInPreferredPlace(
      String pathway, PathwayMeasures.Scope scope, Instant start, Instant end) {
    SearchParameterMap deathsInPeriod =
        SearchParameterMap.newSynchronous(
                "code", new TokenParam(PREFERENCE_TYPE, "actual-place-of-death"))
            .add("status", new TokenParam("final"))
            .add("date", new DateRangeParam(Date.from(start), Date.from(end.minusMillis(1))));
    Map<String, Observation> deaths = new LinkedHashMap<>();
    for (Observation death : search(deathsInPeriod)) {
      deaths.merge(patientOf(death), death, PlacesOfDeath::later);
    }
    Map<String, Proportion> byPractice = new HashMap<>();
    if (deaths.isEmpty()) {
      return byPractice;
    }
    Map<String, String> practices = practicesOnPathway(pathway, deaths.keySet(), scope);
    practices.forEach(
        (patient, practice) -> {
          Observation death = deaths.get(patient);
          Decision decision = policy.decide(preferredBefore(patient, death), place(death));
          if (decision instanceof Decision.NoPreferenceRecorded) {
            return;
          }
          Proportion counted =
              decision instanceof Decision.InPreferredPlace
                  ? new Proportion(1, 1)
                  : new Proportion(0, 1);
          byPractice.merge(practice, counted, Proportion::plus);
        });
    return byPractice;
  }

  /** Patient → registered practice, for those enrolled in the pathway and within the scope. */
  private Map<String, String> practicesOnPathway(
      String pathway, Set<String> patients, PathwayMeasures.Scope scope) {
    String sql =
        "select p.patient_id, coalesce(p.practice, 'unregistered') as practice"
            + " from cp_risk_patient p where p.patient_id = any(?) and exists (select 1 from"
            + " cp_pathway_step s where s.patient_id = p.patient_id and s.pathway = ?)";
    List<Object> args = new ArrayList<>(List.of(patients.toArray(String[]::new), pathway));
    if (scope.practices().isPresent()) {
      sql += " and p.practice = any(?)";
      args.add(scope.practices().get().toArray(String[]::new));
    }
    Map<String, String> found = new HashMap<>();
    jdbc.query(
        sql,
        rs -> {
          found.put(rs.getString("patient_id"), rs.getString("practice"));
        },
        args.toArray());
    return found;
  }

  private Optional<Place> preferredBefore(String patient, Observation death) {
    SearchParameterMap params =
        SearchParameterMap.newSynchronous(
                "code", new TokenParam(PREFERENCE_TYPE, "preferred-place-of-death"))
            .add("status", new TokenParam("final"))
            .add("subject", new ReferenceParam("Patient/" + patient));
    Date died = effective(death);
    return search(params).stream()
        .filter(o -> died == null || effective(o) == null || !effective(o).after(died))
        .max(Comparator.comparing(o -> Optional.ofNullable(effective(o)).orElse(new Date(0))))
        .map(PlacesOfDeath::place);
  }

  static Place place(Observation observation) {
    CodeableConcept value =
        observation.getValue() instanceof CodeableConcept concept ? concept : new CodeableConcept();
    Set<String> codes =
        value.getCoding().stream()
            .filter(c -> c.hasSystem() && c.hasCode())
            .map(c -> c.getSystem() + "|" + c.getCode())
            .collect(Collectors.toSet());
    String label =
        value.hasText()
            ? value.getText()
            : value.getCoding().stream()
                .map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode())
                .findFirst()
                .orElse("an unrecorded place");
    return new Place(codes, label);
  }

  private List<Observation> search(SearchParameterMap params) {
    return Searches.all(daos.getResourceDao(Observation.class), params).stream()
        .map(Observation.class::cast)
        .toList();
  }

  private static String patientOf(Observation observation) {
    return observation.getSubject().getReferenceElement().getIdPart();
  }

  private static Observation later(Observation a, Observation b) {
    Date first = effective(a);
    Date second = effective(b);
    return first == null || (second != null && second.after(first)) ? b : a;
  }

  private static Date effective(Observation observation) {
    return observation.hasEffectiveDateTimeType()
        ? observation.getEffectiveDateTimeType().getValue()
        : null;
  }
}
