package org.carepath.server.careplan;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The register of active shared care plans ({@code cp_shared_care_plan}): one row per patient,
 * written in the caller's transaction. The primary key makes a second plan wait for the first to
 * commit and then see it.
 */
class SharedPlanRegister {

  private final JdbcTemplate jdbc;

  SharedPlanRegister(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Registers {@code planId} as the patient's active plan unless another is; answers the plan that
   * is registered afterwards (this one, or the other one).
   */
  String claim(String patientId, String planId) {
    int inserted =
        jdbc.update(
            "insert into cp_shared_care_plan (patient_id, care_plan_id) values (?, ?)"
                + " on conflict (patient_id) do nothing",
            patientId,
            planId);
    if (inserted == 1) {
      return planId;
    }
    return active(patientId).orElse(planId);
  }

  /** The plan is no longer the patient's active one (completed, revoked, in error). */
  void release(String patientId, String planId) {
    jdbc.update(
        "delete from cp_shared_care_plan where patient_id = ? and care_plan_id = ?",
        patientId,
        planId);
  }

  /** The patient's active shared care plan's id, if they have one. */
  Optional<String> active(String patientId) {
    List<String> found =
        jdbc.queryForList(
            "select care_plan_id from cp_shared_care_plan where patient_id = ?",
            String.class,
            patientId);
    return found.stream().findFirst();
  }
}
