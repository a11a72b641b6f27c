package org.carepath.server.access;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.access.fhir.Objections.Objection;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Patients' objections to sharing ({@code cp_access_objection}): one row per Consent that records
 * one, written in the Consent's own transaction.
 */
class ObjectionStore {

  private final JdbcTemplate jdbc;

  ObjectionStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Records what the Consent {@code source} now says: an objection, or none. */
  void replace(String source, Optional<Objection> objection) {
    if (objection.isEmpty()) {
      jdbc.update("delete from cp_access_objection where source = ?", source);
      return;
    }
    jdbc.update(
        "insert into cp_access_objection (source, patient_id, until_at) values (?, ?, ?)"
            + " on conflict (source) do update set patient_id = excluded.patient_id,"
            + " until_at = excluded.until_at",
        source,
        objection.get().patientId(),
        objection.get().until().map(Timestamp::from).orElse(null));
  }

  /** Those of {@code patientIds} with an objection standing at {@code now}, in one query. */
  Set<String> objecting(Collection<String> patientIds, Instant now) {
    if (patientIds.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        jdbc.query(
            connection -> {
              var statement =
                  connection.prepareStatement(
                      "select distinct patient_id from cp_access_objection where patient_id ="
                          + " any (?) and (until_at is null or until_at > ?)");
              statement.setArray(1, connection.createArrayOf("text", patientIds.toArray()));
              statement.setTimestamp(2, Timestamp.from(now));
              return statement;
            },
            (row, n) -> row.getString(1)));
  }
}
