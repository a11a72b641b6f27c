package org.carepath.server.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The append-only store of AuditEvents ({@code cp_audit_event}): one row per event, its JSON body
 * beside the values searches look up. Nothing here updates or deletes a row.
 */
public class AuditStore {

  private static final String COLUMNS = "id, stored_at, body";

  private final JdbcTemplate jdbc;
  private final FhirContext fhir;

  AuditStore(JdbcTemplate jdbc, FhirContext fhir) {
    this.jdbc = jdbc;
    this.fhir = fhir;
  }

  /**
   * Appends the events, in one batch (in the caller's transaction, if any). Each is stored as it
   * is, without an id or version (the store gives them).
   */
  void append(List<AuditEvent> events) {
    IParser json = fhir.newJsonParser();
    List<Object[]> rows = new ArrayList<>(events.size());
    for (AuditEvent event : events) {
      rows.add(
          new Object[] {
            Timestamp.from(recorded(event)),
            AuditEvents.patients(event),
            references(
                event.getAgent().stream().map(a -> a.getWho().getReferenceElement()).toList()),
            references(
                event.getEntity().stream().map(e -> e.getWhat().getReferenceElement()).toList()),
            event.hasType() ? stored(event.getType()) : null,
            event.getSubtype().stream().map(AuditStore::stored).toList(),
            event.hasAction()
                ? stored(event.getAction().getSystem(), event.getAction().toCode())
                : null,
            event.hasOutcome()
                ? stored(event.getOutcome().getSystem(), event.getOutcome().toCode())
                : null,
            json.encodeResourceToString(event)
          });
    }
    jdbc.batchUpdate(
        "insert into cp_audit_event (recorded, patient_ids, agents, entities, type, subtypes,"
            + " action, outcome, body) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        new org.springframework.jdbc.core.BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement statement, int i) throws SQLException {
            Object[] row = rows.get(i);
            Connection connection = statement.getConnection();
            statement.setTimestamp(1, (Timestamp) row[0]);
            statement.setArray(2, texts(connection, (Collection<?>) row[1]));
            statement.setArray(3, texts(connection, (Collection<?>) row[2]));
            statement.setArray(4, texts(connection, (Collection<?>) row[3]));
            statement.setString(5, (String) row[4]);
            statement.setArray(6, texts(connection, (Collection<?>) row[5]));
            statement.setString(7, (String) row[6]);
            statement.setString(8, (String) row[7]);
            statement.setString(9, (String) row[8]);
          }

          @Override
          public int getBatchSize() {
            return rows.size();
          }
        });
  }

  /** The event with this id, if it is stored. */
  public Optional<AuditEvent> find(long id) {
    return jdbc
        .query("select " + COLUMNS + " from cp_audit_event where id = ?", this::event, id)
        .stream()
        .findFirst();
  }

  /** One patient's latest events, newest first. */
  public List<AuditEvent> latestOf(String patientId, int limit) {
    return search(AuditQuery.ofPatient(patientId), Optional.empty(), limit).stream()
        .map(Stored::event)
        .toList();
  }

  /** An event as stored, with its place in the store's order ({@code recorded}, {@code id}). */
  record Stored(AuditEvent event, Instant recorded, long id) {}

  /**
   * Up to {@code limit} events matching the query in its order, after {@code after} (the last event
   * of an earlier call) when given.
   */
  List<Stored> search(AuditQuery query, Optional<Stored> after, int limit) {
    AuditSql sql = AuditSql.of(query, after, limit);
    return jdbc.query(
        connection -> sql.prepare(connection, "select " + COLUMNS + ", recorded"),
        (row, n) -> new Stored(event(row, n), row.getTimestamp(4).toInstant(), row.getLong(1)));
  }

  private AuditEvent event(ResultSet row, int n) throws SQLException {
    AuditEvent event = fhir.newJsonParser().parseResource(AuditEvent.class, row.getString(3));
    event.setIdElement(new IdType("AuditEvent", row.getString(1), "1"));
    event.getMeta().setVersionId("1").setLastUpdated(Date.from(row.getTimestamp(2).toInstant()));
    return event;
  }

  private static Instant recorded(AuditEvent event) {
    return event.hasRecorded() ? event.getRecorded().toInstant() : Instant.now();
  }

  private static List<String> references(List<org.hl7.fhir.instance.model.api.IIdType> ids) {
    return ids.stream()
        .filter(id -> id.hasResourceType() && id.hasIdPart())
        .map(id -> id.getResourceType() + "/" + id.getIdPart())
        .distinct()
        .collect(Collectors.toList());
  }

  private static String stored(Coding coding) {
    return stored(coding.getSystem(), coding.getCode());
  }

  private static String stored(String system, String code) {
    return AuditQuery.Token.stored(system, code);
  }

  static Array texts(Connection connection, Collection<?> values) throws SQLException {
    return connection.createArrayOf("text", values.toArray());
  }
}
