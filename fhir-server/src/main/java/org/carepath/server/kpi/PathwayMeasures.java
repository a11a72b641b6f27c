package org.carepath.server.kpi;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.kpi.MeasureResult;
import org.carepath.coordination.kpi.PathwayMeasure;
import org.carepath.coordination.kpi.Proportion;
import org.carepath.coordination.pathway.StepStatus;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.carepath.server.storage.CarepathSchema;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Evaluates a pathway KPI: the step rules count rows of the step projection ({@code
 * cp_pathway_step}, kept in each step Task's own transaction); the place-of-death rule reads the
 * recorded places ({@link PlacesOfDeath}). Patients are attributed to their registered practice
 * (the risk projection's {@code cp_risk_patient}).
 */
class PathwayMeasures {

  /**
   * Whose patients: those registered at the practices (and organisations above them) in scope, or
   * everyone's when {@code practices} is empty; {@code organisation} is the one reported on.
   */
  record Scope(Optional<String> organisation, Optional<Set<String>> practices) {
    static Scope everyone() {
      return new Scope(Optional.empty(), Optional.empty());
    }
  }

  /** Steps that ended without being done: cancelled, skipped or declined. */
  private static final String CLOSED_WITHOUT_DOING =
      CarepathSchema.inList(
          EnrolmentResources.taskStatusCodes(
              status -> status.hasEnded() && status != StepStatus.COMPLETED));

  private static final String OPEN =
      CarepathSchema.inList(EnrolmentResources.taskStatusCodes(StepStatus::isOpen));

  private final JdbcTemplate jdbc;
  private final PlacesOfDeath placesOfDeath;

  PathwayMeasures(JdbcTemplate jdbc, PlacesOfDeath placesOfDeath) {
    this.jdbc = jdbc;
    this.placesOfDeath = placesOfDeath;
  }

  MeasureResult evaluate(
      PathwayMeasure measure, Scope scope, Instant start, Instant end, Instant now) {
    Map<String, Proportion> byPractice =
        switch (measure.rule()) {
          case STEP_ON_TIME -> stepOnTime(measure, scope, start, end, now);
          case STEP_OUTCOME -> stepOutcome(measure, scope, start, end);
          case STEPS_COMPLETED -> stepsCompleted(measure, scope, start, end);
          case DIED_IN_PREFERRED_PLACE ->
              placesOfDeath.diedInPreferredPlace(measure.pathway(), scope, start, end);
        };
    return new MeasureResult(measure, scope.organisation(), start, end, byPractice);
  }

  /** Due in the period and done or past due (not cancelled or declined): done by the due date. */
  private Map<String, Proportion> stepOnTime(
      PathwayMeasure measure, Scope scope, Instant start, Instant end, Instant now) {
    return counts(
        "select p.practice, count(*) as denominator,"
            + " count(*) filter (where s.status = 'completed' and s.ended <= s.due) as numerator"
            + " from cp_pathway_step s join cp_risk_patient p on p.patient_id = s.patient_id"
            + " where s.pathway = ? and s.step_code = ? and s.due >= ? and s.due < ?"
            + " and s.status not in "
            + CLOSED_WITHOUT_DOING
            + " and (s.status = 'completed' or s.due < ?)",
        scope,
        measure.pathway(),
        measure.steps().get(0),
        Timestamp.from(start),
        Timestamp.from(end),
        Timestamp.from(now));
  }

  /** Completed in the period: with the outcome. */
  private Map<String, Proportion> stepOutcome(
      PathwayMeasure measure, Scope scope, Instant start, Instant end) {
    return counts(
        "select p.practice, count(*) as denominator,"
            + " count(*) filter (where s.outcome = ?) as numerator"
            + " from cp_pathway_step s join cp_risk_patient p on p.patient_id = s.patient_id"
            + " where s.pathway = ? and s.step_code = ? and s.status = 'completed'"
            + " and s.ended >= ? and s.ended < ?",
        scope,
        measure.outcome().orElseThrow(),
        measure.pathway(),
        measure.steps().get(0),
        Timestamp.from(start),
        Timestamp.from(end));
  }

  /**
   * Enrolments running in the period (a step due or ended in it, or open and due after its start):
   * with every one of the steps completed in the period.
   */
  private Map<String, Proportion> stepsCompleted(
      PathwayMeasure measure, Scope scope, Instant start, Instant end) {
    Timestamp from = Timestamp.from(start);
    Timestamp to = Timestamp.from(end);
    String[] steps = measure.steps().toArray(String[]::new);
    return counts(
        "select p.practice, count(*) as denominator,"
            + " count(*) filter (where e.done = ?) as numerator from ("
            + " select s.care_plan_id, min(s.patient_id) as patient_id,"
            + " count(distinct s.step_code) filter (where s.step_code = any(?)"
            + " and s.status = 'completed' and s.ended >= ? and s.ended < ?) as done"
            + " from cp_pathway_step s where s.pathway = ? group by s.care_plan_id"
            + " having bool_or((s.due >= ? and s.due < ?) or (s.ended >= ? and s.ended < ?)"
            + " or (s.status in "
            + OPEN
            + " and s.due >= ?))"
            + ") e join cp_risk_patient p on p.patient_id = e.patient_id where true",
        scope,
        steps.length,
        steps,
        from,
        to,
        measure.pathway(),
        from,
        to,
        from,
        to,
        from);
  }

  /** Runs a count query (which ends in a where clause) restricted to the scope, by practice. */
  private Map<String, Proportion> counts(String query, Scope scope, Object... args) {
    List<Object> all = new ArrayList<>(List.of(args));
    String sql = query;
    if (scope.practices().isPresent()) {
      sql += " and p.practice = any(?)";
      all.add(scope.practices().get().toArray(String[]::new));
    }
    sql += " group by p.practice";
    Map<String, Proportion> byPractice = new HashMap<>();
    jdbc.query(
        sql,
        rs -> {
          byPractice.put(
              rs.getString("practice") == null ? "unregistered" : rs.getString("practice"),
              new Proportion(rs.getInt("numerator"), rs.getInt("denominator")));
        },
        all.toArray());
    return byPractice;
  }
}
