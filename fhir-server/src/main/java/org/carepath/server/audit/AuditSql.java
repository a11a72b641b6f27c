package org.carepath.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@link AuditQuery} as SQL over {@code cp_audit_event}: a where clause whose values are all
 * bound parameters, in the store's order ({@code recorded}, then {@code id}), continuing after an
 * earlier page's last event (keyset paging).
 */
final class AuditSql {

  private final StringBuilder where = new StringBuilder(" where true");
  private final List<Object> values = new ArrayList<>();
  private final String order;
  private final int limit;

  private AuditSql(boolean newestFirst, int limit) {
    String direction = newestFirst ? " desc" : "";
    this.order = " order by recorded" + direction + ", id" + direction;
    this.limit = limit;
  }

  static AuditSql of(AuditQuery query, Optional<AuditStore.Stored> after, int limit) {
    AuditSql sql = new AuditSql(query.newestFirst(), limit);
    if (!query.ids().isEmpty()) {
      sql.where.append(" and id = any (?)");
      sql.values.add(new TypedArray("bigint", query.ids()));
    }
    sql.anyOf("patient_ids", query.patients());
    sql.references("agents", query.agents());
    sql.references("entities", query.entities());
    sql.tokens("type", false, query.types());
    sql.tokens("subtypes", true, query.subtypes());
    sql.tokens("action", false, query.actions());
    sql.tokens("outcome", false, query.outcomes());
    query
        .recordedFrom()
        .ifPresent(from -> sql.condition(" and recorded >= ?", Timestamp.from(from)));
    query.recordedTo().ifPresent(to -> sql.condition(" and recorded <= ?", Timestamp.from(to)));
    after.ifPresent(
        last -> {
          sql.where.append(
              query.newestFirst()
                  ? " and (recorded, id) < (?, ?)"
                  : " and (recorded, id) > (?, ?)");
          sql.values.add(Timestamp.from(last.recorded()));
          sql.values.add(last.id());
        });
    return sql;
  }

  PreparedStatement prepare(Connection connection, String select) throws SQLException {
    PreparedStatement statement =
        connection.prepareStatement(
            select + " from cp_audit_event" + where + order + " limit " + limit);
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      if (value instanceof TypedArray array) {
        statement.setArray(i + 1, connection.createArrayOf(array.type(), array.values().toArray()));
      } else {
        statement.setObject(i + 1, value);
      }
    }
    return statement;
  }

  /** The where clause (for tests). */
  String where() {
    return where.toString();
  }

  private void condition(String condition, Object value) {
    where.append(condition);
    values.add(value);
  }

  /** An array column holding any of the values. */
  private void anyOf(String column, List<String> wanted) {
    if (!wanted.isEmpty()) {
      condition(" and " + column + " && ?", new TypedArray("text", wanted));
    }
  }

  /** References {@code Type/id}, or {@code /id} for an id of any type. */
  private void references(String column, List<String> wanted) {
    List<String> exact = wanted.stream().filter(w -> !w.startsWith("/")).toList();
    List<String> anyType =
        wanted.stream().filter(w -> w.startsWith("/")).map(w -> "%" + like(w)).toList();
    match(column, true, exact, anyType);
  }

  /** Coded values stored as {@code system|code}: exact, or by code alone in any system. */
  private void tokens(String column, boolean array, List<AuditQuery.Token> wanted) {
    List<String> exact =
        wanted.stream()
            .filter(t -> t.system().isPresent())
            .map(t -> AuditQuery.Token.stored(t.system().get(), t.code()))
            .toList();
    List<String> anySystem =
        wanted.stream().filter(t -> t.system().isEmpty()).map(t -> "%|" + like(t.code())).toList();
    match(column, array, exact, anySystem);
  }

  private void match(String column, boolean array, List<String> exact, List<String> patterns) {
    if (exact.isEmpty() && patterns.isEmpty()) {
      return;
    }
    String value = array ? "v" : column;
    List<String> choices = new ArrayList<>();
    if (!exact.isEmpty()) {
      choices.add(value + " = any (?)");
      values.add(new TypedArray("text", exact));
    }
    if (!patterns.isEmpty()) {
      choices.add(value + " like any (?)");
      values.add(new TypedArray("text", patterns));
    }
    String either = String.join(" or ", choices);
    where.append(
        array
            ? " and exists (select 1 from unnest(" + column + ") v where " + either + ")"
            : " and (" + either + ")");
  }

  /** A value taken literally in a {@code like} pattern. */
  private static String like(String value) {
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private record TypedArray(String type, List<?> values) {}
}
