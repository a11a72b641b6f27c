package org.carepath.server.access;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carepath.coordination.access.Relationship;
import org.carepath.coordination.access.RelationshipKind;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The relationship table ({@code cp_access_relationship}): one row per record, patient,
 * organisation and kind, live until its {@code ends_at}. Written in the caller's transaction.
 */
class RelationshipStore {

  private final JdbcTemplate jdbc;

  RelationshipStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records what {@code source} now says: its current relationships stay open, ended ones close
   * after the grace period, void ones at once; relationships its earlier version made that it no
   * longer names close after the grace period (an organisation removed from a care team).
   */
  void replace(String source, List<Relationship> relationships, Instant now, Duration grace) {
    Timestamp graceEnd = Timestamp.from(now.plus(grace));
    jdbc.update(
        "update cp_access_relationship set ends_at = ? where source = ? and ends_at is null",
        graceEnd,
        source);
    if (relationships.isEmpty()) {
      return;
    }
    // One round trip for all of them (a care team names several organisations).
    List<Object[]> rows = new ArrayList<>(relationships.size());
    for (Relationship relationship : relationships) {
      rows.add(
          new Object[] {
            source,
            relationship.patientId(),
            relationship.organisation(),
            relationship.kind().code(),
            relationship.endsAt(now, grace).map(Timestamp::from).orElse(null)
          });
    }
    jdbc.batchUpdate(
        "insert into cp_access_relationship (source, patient_id, organisation, kind, ends_at)"
            + " values (?, ?, ?, ?, ?)"
            + " on conflict (source, patient_id, organisation, kind) do update set ends_at ="
            + " case when excluded.ends_at is null then null"
            + " else least(coalesce(cp_access_relationship.ends_at, excluded.ends_at),"
            + " excluded.ends_at) end",
        rows,
        new int[] {Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP});
  }

  /**
   * The kinds of live relationship between any of {@code organisations} and the patient, leaving
   * out those the records {@code exceptSources} make.
   */
  Set<RelationshipKind> liveKinds(
      String patientId,
      Collection<String> organisations,
      Collection<String> exceptSources,
      Instant now) {
    Set<RelationshipKind> kinds = EnumSet.noneOf(RelationshipKind.class);
    if (organisations.isEmpty()) {
      return kinds;
    }
    jdbc.query(
        connection -> {
          var statement =
              connection.prepareStatement(
                  "select distinct kind from cp_access_relationship where patient_id = ?"
                      + " and organisation = any (?) and (ends_at is null or ends_at > ?)"
                      + " and source <> all (?)");
          statement.setString(1, patientId);
          statement.setArray(2, connection.createArrayOf("text", organisations.toArray()));
          statement.setTimestamp(3, Timestamp.from(now));
          statement.setArray(4, connection.createArrayOf("text", exceptSources.toArray()));
          return statement;
        },
        row -> {
          kinds.add(RelationshipKind.fromCode(row.getString(1)));
        });
    return kinds;
  }

  /**
   * The kinds of live relationship between any of {@code organisations} and each of {@code
   * patientIds}, in one query; a patient with none is absent.
   */
  Map<String, Set<RelationshipKind>> liveKinds(
      Collection<String> patientIds, Collection<String> organisations, Instant now) {
    Map<String, Set<RelationshipKind>> kinds = new HashMap<>();
    if (organisations.isEmpty() || patientIds.isEmpty()) {
      return kinds;
    }
    jdbc.query(
        connection -> {
          var statement =
              connection.prepareStatement(
                  "select distinct patient_id, kind from cp_access_relationship where patient_id"
                      + " = any (?) and organisation = any (?) and (ends_at is null or ends_at"
                      + " > ?)");
          statement.setArray(1, connection.createArrayOf("text", patientIds.toArray()));
          statement.setArray(2, connection.createArrayOf("text", organisations.toArray()));
          statement.setTimestamp(3, Timestamp.from(now));
          return statement;
        },
        row -> {
          kinds
              .computeIfAbsent(row.getString(1), id -> EnumSet.noneOf(RelationshipKind.class))
              .add(RelationshipKind.fromCode(row.getString(2)));
        });
    return kinds;
  }

  boolean isBuilt() {
    Integer built = jdbc.queryForObject("select count(*) from cp_access_state", Integer.class);
    return built != null && built > 0;
  }

  void markBuilt(Instant now) {
    jdbc.update("insert into cp_access_state (built_at) values (?)", Timestamp.from(now));
  }
}
