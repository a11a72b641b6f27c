package org.carepath.server.pathway;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.carepath.coordination.pathway.Step;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.hl7.fhir.r4.model.Task;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pathway step projection (table {@code cp_pathway_step}), in the caller's transaction. Each
 * step carries its patient's registered practice from the risk projection (kept current when the
 * registration changes, V8), so worklists find a PCN's steps by index.
 */
class StepProjection {

  private final JdbcTemplate jdbc;

  StepProjection(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  record Row(
      String taskId,
      String carePlanId,
      String patientId,
      String pathway,
      String stepCode,
      String status,
      Optional<String> owner,
      Optional<String> performerRole,
      Optional<Instant> due,
      Optional<Instant> ended,
      Optional<String> outcome) {}

  /** Writes the row of a step Task of pathway {@code pathwayCode}. */
  void upsert(Task task, String pathwayCode, Instant now) {
    Step step = EnrolmentResources.step(task);
    upsert(
        new Row(
            task.getIdElement().getIdPart(),
            task.getBasedOnFirstRep().getReferenceElement().getIdPart(),
            task.getFor().getReferenceElement().getIdPart(),
            pathwayCode,
            EnrolmentResources.stepCode(task).orElseThrow(),
            task.getStatus().toCode(),
            step.owner(),
            task.getPerformerType().stream()
                .flatMap(concept -> concept.getCoding().stream())
                .map(coding -> coding.getCode())
                .findFirst(),
            step.due(),
            step.ended(),
            EnrolmentResources.outcome(task)),
        now);
  }

  private void upsert(Row row, Instant now) {
    jdbc.update(
        "insert into cp_pathway_step (task_id, care_plan_id, patient_id, pathway, step_code,"
            + " status, owner, performer_role, due, ended, outcome, updated_at, practice)"
            + " select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " (select practice from cp_risk_patient where patient_id = ?)"
            + " on conflict (task_id) do update set"
            + " status = excluded.status, owner = excluded.owner,"
            + " performer_role = excluded.performer_role, due = excluded.due,"
            + " ended = excluded.ended, outcome = excluded.outcome,"
            + " updated_at = excluded.updated_at, practice = excluded.practice",
        row.taskId(),
        row.carePlanId(),
        row.patientId(),
        row.pathway(),
        row.stepCode(),
        row.status(),
        row.owner().orElse(null),
        row.performerRole().orElse(null),
        row.due().map(Timestamp::from).orElse(null),
        row.ended().map(Timestamp::from).orElse(null),
        row.outcome().orElse(null),
        Timestamp.from(now),
        row.patientId());
  }

  void remove(String taskId) {
    jdbc.update("delete from cp_pathway_step where task_id = ?", taskId);
  }
}
