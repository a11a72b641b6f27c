package org.carepath.server.cdshooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The "enrol in this pathway" suggestions patient-view cards made, in PostgreSQL (shared by
 * replicas): a suggestion is accepted once, by the EHR it was given to, before it expires.
 */
final class EnrolmentSuggestions {

  /** A suggestion as made: for which patient and pathway, on whose view of the record. */
  record Suggestion(String patientId, String pathway, String subject, Optional<String> odsCode) {}

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final Duration validFor;

  EnrolmentSuggestions(JdbcTemplate jdbc, Clock clock, Duration validFor) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.validFor = validFor;
  }

  /** Records a suggestion given to the EHR {@code issuer}; answers its id (the card's uuid). */
  String made(String issuer, Suggestion suggestion) {
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    jdbc.update(
        "insert into cp_cds_suggestion (id, issuer, patient_id, pathway, subject, organisation_ods,"
            + " created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
        id,
        issuer,
        suggestion.patientId(),
        suggestion.pathway(),
        suggestion.subject(),
        suggestion.odsCode().orElse(null),
        Timestamp.from(now),
        Timestamp.from(now.plus(validFor)));
    return id;
  }

  /**
   * Accepts suggestion {@code id} for the EHR {@code issuer}: the suggestion, if it was given to
   * that EHR, has not expired and was not accepted before (only one acceptance counts, on any
   * replica).
   */
  Optional<Suggestion> accept(String id, String issuer) {
    Instant now = clock.instant();
    return jdbc
        .query(
            "update cp_cds_suggestion set accepted_at = ? where id = ? and issuer = ? and"
                + " accepted_at is null and expires_at > ? returning patient_id, pathway, subject,"
                + " organisation_ods",
            (row, n) ->
                new Suggestion(
                    row.getString(1),
                    row.getString(2),
                    row.getString(3),
                    Optional.ofNullable(row.getString(4))),
            Timestamp.from(now),
            id,
            issuer,
            Timestamp.from(now))
        .stream()
        .findFirst();
  }

  /** Forgets suggestions that expired a day ago or more. */
  void purge() {
    jdbc.update(
        "delete from cp_cds_suggestion where expires_at < ?",
        Timestamp.from(clock.instant().minus(Duration.ofDays(1))));
  }
}
