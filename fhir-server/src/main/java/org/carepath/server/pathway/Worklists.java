package org.carepath.server.pathway;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Worklists from the step projection: open steps that are overdue, due within {@code dueSoon}, or
 * unclaimed (no owner), grouped by pathway, with complete counts and the first {@code limit} steps
 * of each group by due date.
 */
class Worklists {

  static final String OPEN = "('requested','received','accepted','ready','in-progress','on-hold')";

  /** Whose worklist: steps owned by these organisations, of patients registered with these. */
  record Scope(Set<String> owners, Set<String> practices, Optional<String> role) {}

  record Group(
      String pathway, int overdue, int dueSoon, int unclaimed, Map<String, List<String>> taskIds) {}

  private final JdbcTemplate jdbc;
  private final Duration dueSoon;
  private final int limit;

  Worklists(JdbcTemplate jdbc, Duration dueSoon, int limit) {
    this.jdbc = jdbc;
    this.dueSoon = dueSoon;
    this.limit = limit;
  }

  List<Group> worklist(Scope scope, Instant now) {
    List<Object> args = new ArrayList<>();
    String where = where(scope, args);
    Timestamp at = Timestamp.from(now);
    Timestamp soon = Timestamp.from(now.plus(dueSoon));
    List<Object> countArgs = new ArrayList<>(List.of(at, at, soon));
    countArgs.addAll(args);
    Map<String, Group> groups = new LinkedHashMap<>();
    jdbc.query(
        "select pathway, count(*) filter (where due < ?) as overdue,"
            + " count(*) filter (where due >= ? and due < ?) as due_soon,"
            + " count(*) filter (where owner is null) as unclaimed"
            + " from cp_pathway_step s where status in "
            + OPEN
            + " and "
            + where
            + " group by pathway order by pathway",
        rs -> {
          String pathway = rs.getString("pathway");
          groups.put(
              pathway,
              new Group(
                  pathway,
                  rs.getInt("overdue"),
                  rs.getInt("due_soon"),
                  rs.getInt("unclaimed"),
                  new LinkedHashMap<>()));
        },
        countArgs.toArray());
    for (Group group : groups.values()) {
      group.taskIds().put("overdueStep", ids(group.pathway(), "due < ?", List.of(at), where, args));
      group
          .taskIds()
          .put(
              "dueSoonStep",
              ids(group.pathway(), "due >= ? and due < ?", List.of(at, soon), where, args));
      group
          .taskIds()
          .put("unclaimedStep", ids(group.pathway(), "owner is null", List.of(), where, args));
    }
    return List.copyOf(groups.values());
  }

  private List<String> ids(
      String pathway,
      String condition,
      List<Object> conditionArgs,
      String where,
      List<Object> args) {
    List<Object> all = new ArrayList<>(conditionArgs);
    all.add(pathway);
    all.addAll(args);
    all.add(limit);
    return jdbc.queryForList(
        "select task_id from cp_pathway_step s where status in "
            + OPEN
            + " and "
            + condition
            + " and pathway = ? and "
            + where
            + " order by due nulls last, task_id limit ?",
        String.class,
        all.toArray());
  }

  private static String where(Scope scope, List<Object> args) {
    List<String> parts = new ArrayList<>();
    if (!scope.owners().isEmpty()) {
      parts.add("owner in (" + placeholders(scope.owners().size()) + ")");
      args.addAll(scope.owners());
    }
    if (!scope.practices().isEmpty()) {
      parts.add(
          "patient_id in (select patient_id from cp_risk_patient where practice in ("
              + placeholders(scope.practices().size())
              + "))");
      args.addAll(scope.practices());
    }
    String where = parts.isEmpty() ? "false" : "(" + String.join(" or ", parts) + ")";
    if (scope.role().isPresent()) {
      where += " and (performer_role is null or performer_role = ?)";
      args.add(scope.role().get());
    }
    return where;
  }

  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
