package org.carepath.server.access;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/** Emergency (break-glass) accesses users asserted ({@code cp_emergency_access}). */
class EmergencyAccessStore {

  private final JdbcTemplate jdbc;

  EmergencyAccessStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Records an access from {@code start} to {@code end}. */
  void record(
      String subject,
      Optional<String> organisation,
      String patientId,
      String reasonCode,
      String reasonText,
      Instant start,
      Instant end) {
    jdbc.update(
        "insert into cp_emergency_access (patient_id, subject, organisation, reason_code,"
            + " reason_text, started_at, ends_at) values (?, ?, ?, ?, ?, ?, ?)",
        patientId,
        subject,
        organisation.orElse(null),
        reasonCode,
        reasonText,
        Timestamp.from(start),
        Timestamp.from(end));
  }

  /** An access that has ended but whose end is not yet audited. */
  record Ended(long id, String patientId, String subject, Optional<String> organisation) {}

  /** Accesses ended by {@code now} whose end is not yet audited, oldest first (at most 500). */
  java.util.List<Ended> endedUnaudited(Instant now) {
    return jdbc.query(
        "select id, patient_id, subject, organisation from cp_emergency_access"
            + " where not end_audited and ends_at <= ? order by ends_at limit 500",
        (row, n) ->
            new Ended(
                row.getLong(1),
                row.getString(2),
                row.getString(3),
                Optional.ofNullable(row.getString(4))),
        Timestamp.from(now));
  }

  /** Claims the auditing of an access's end: true for the one replica or call that gets it. */
  boolean claimEndAudit(long id) {
    return jdbc.update(
            "update cp_emergency_access set end_audited = true where id = ? and not end_audited",
            id)
        == 1;
  }

  /** When the user's live emergency access to the patient ends, if they have one. */
  /** Those of {@code patientIds} whose record the user has emergency access to, in one query. */
  Set<String> liveFor(String subject, Collection<String> patientIds, Instant now) {
    if (patientIds.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        jdbc.query(
            connection -> {
              var statement =
                  connection.prepareStatement(
                      "select distinct patient_id from cp_emergency_access where subject = ? and"
                          + " patient_id = any (?) and ends_at > ?");
              statement.setString(1, subject);
              statement.setArray(2, connection.createArrayOf("text", patientIds.toArray()));
              statement.setTimestamp(3, Timestamp.from(now));
              return statement;
            },
            (row, n) -> row.getString(1)));
  }

  Optional<Instant> liveUntil(String subject, String patientId, Instant now) {
    Timestamp until =
        jdbc.queryForObject(
            "select max(ends_at) from cp_emergency_access where subject = ? and patient_id = ?"
                + " and ends_at > ?",
            Timestamp.class,
            subject,
            patientId,
            Timestamp.from(now));
    return Optional.ofNullable(until).map(Timestamp::toInstant);
  }
}
