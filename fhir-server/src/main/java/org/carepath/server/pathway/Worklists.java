package org.carepath.server.pathway;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.carepath.coordination.pathway.StepStatus;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.carepath.server.storage.CarepathSchema;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Worklists from the step projection: open steps that are overdue, due within {@code dueSoon}, or
 * unclaimed (no owner), grouped by pathway, with complete counts and the first {@code limit} steps
 * of each group by due date. Every pathway with an open step in scope has a group, even when
 * nothing in it needs attention.
 *
 * <p>A scope is steps owned by its organisations or of patients registered with its practices. Both
 * are read from indexes of open steps by (practice or owner, pathway, due), so a call reads the
 * steps it counts and lists, not every open step of a PCN (V8).
 */
class Worklists {

  /** Open steps' Task statuses, as the domain defines an open step (and V6/V8's indexes). */
  static final String OPEN =
      CarepathSchema.inList(EnrolmentResources.taskStatusCodes(StepStatus::isOpen));

  /** Whose worklist: steps owned by these organisations, of patients registered with these. */
  record Scope(Set<String> owners, Set<String> practices, Optional<String> role) {}

  record Group(
      String pathway, int overdue, int dueSoon, int unclaimed, Map<String, List<String>> taskIds) {}

  /** One part of a scope as an SQL condition on a step; the parts never select the same step. */
  private record Part(String condition, List<Object> args, boolean byPractice) {}

  private final JdbcTemplate jdbc;
  private final List<String> pathways;
  private final Duration dueSoon;
  private final int limit;

  Worklists(JdbcTemplate jdbc, Collection<String> pathways, Duration dueSoon, int limit) {
    this.jdbc = jdbc;
    this.pathways = List.copyOf(new TreeSet<>(pathways));
    this.dueSoon = dueSoon;
    this.limit = limit;
  }

  List<Group> worklist(Scope scope, Instant now) {
    List<Part> parts = parts(scope);
    if (parts.isEmpty() || pathways.isEmpty()) {
      return List.of();
    }
    Timestamp at = Timestamp.from(now);
    Timestamp soon = Timestamp.from(now.plus(dueSoon));
    Map<String, Map<String, Integer>> counts = counts(parts, at, soon);
    Map<String, Map<String, List<String>>> listed = listed(parts, counts, at, soon);
    List<Group> groups = new ArrayList<>();
    for (String pathway : pathwaysWithOpenSteps(parts, counts.keySet())) {
      Map<String, Integer> count = counts.getOrDefault(pathway, Map.of());
      Map<String, List<String>> ids = listed.getOrDefault(pathway, Map.of());
      Map<String, List<String>> taskIds = new LinkedHashMap<>();
      for (Kind kind : Kind.values()) {
        taskIds.put(kind.listName, List.copyOf(ids.getOrDefault(kind.listName, List.of())));
      }
      groups.add(
          new Group(
              pathway,
              count.getOrDefault(Kind.OVERDUE.listName, 0),
              count.getOrDefault(Kind.DUE_SOON.listName, 0),
              count.getOrDefault(Kind.UNCLAIMED.listName, 0),
              taskIds));
    }
    return List.copyOf(groups);
  }

  /** What a worklist counts and lists, as a condition on an open step in scope. */
  private enum Kind {
    OVERDUE("overdueStep", "due < ?"),
    DUE_SOON("dueSoonStep", "due >= ? and due < ?"),
    // Owner parts only select owned steps: unclaimed ones are found by practice.
    UNCLAIMED("unclaimedStep", "owner is null");

    final String listName;
    final String condition;

    Kind(String listName, String condition) {
      this.listName = listName;
      this.condition = condition;
    }

    List<Object> args(Timestamp now, Timestamp soon) {
      return switch (this) {
        case OVERDUE -> List.of(now);
        case DUE_SOON -> List.of(now, soon);
        case UNCLAIMED -> List.of();
      };
    }

    boolean appliesTo(Part part) {
      return this != UNCLAIMED || part.byPractice();
    }
  }

  /**
   * Counts by pathway and kind: steps due before {@code soon} (overdue or due soon) and unclaimed
   * ones, each read as a range of an index of open steps.
   */
  private Map<String, Map<String, Integer>> counts(
      List<Part> parts, Timestamp now, Timestamp soon) {
    List<String> selects = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    for (Part part : parts) {
      selects.add(
          "select pathway, count(*) filter (where due < ?) as overdue,"
              + " count(*) filter (where due >= ?) as due_soon, 0 as unclaimed"
              + " from cp_pathway_step where status in "
              + OPEN
              + " and pathway in ("
              + placeholders(pathways.size())
              + ") and due < ? and "
              + part.condition()
              + " group by pathway");
      args.addAll(List.of(now, now));
      args.addAll(pathways);
      args.add(soon);
      args.addAll(part.args());
      if (Kind.UNCLAIMED.appliesTo(part)) {
        selects.add(
            "select pathway, 0, 0, count(*) from cp_pathway_step where status in "
                + OPEN
                + " and pathway in ("
                + placeholders(pathways.size())
                + ") and owner is null and "
                + part.condition()
                + " group by pathway");
        args.addAll(pathways);
        args.addAll(part.args());
      }
    }
    Map<String, Map<String, Integer>> counts = new HashMap<>();
    jdbc.query(
        "select pathway, sum(overdue) as overdue, sum(due_soon) as due_soon,"
            + " sum(unclaimed) as unclaimed from ("
            + String.join(" union all ", selects)
            + ") c group by pathway",
        rs -> {
          Map<String, Integer> count = new HashMap<>();
          count.put(Kind.OVERDUE.listName, rs.getInt("overdue"));
          count.put(Kind.DUE_SOON.listName, rs.getInt("due_soon"));
          count.put(Kind.UNCLAIMED.listName, rs.getInt("unclaimed"));
          counts.put(rs.getString("pathway"), count);
        },
        args.toArray());
    return counts;
  }

  /** The first {@code limit} steps by due date of each pathway and kind that has any. */
  private Map<String, Map<String, List<String>>> listed(
      List<Part> parts, Map<String, Map<String, Integer>> counts, Timestamp now, Timestamp soon) {
    List<String> selects = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      List<String> withSteps =
          counts.entrySet().stream()
              .filter(count -> count.getValue().getOrDefault(kind.listName, 0) > 0)
              .map(Map.Entry::getKey)
              .sorted()
              .toList();
      List<Part> applicable = parts.stream().filter(kind::appliesTo).toList();
      if (withSteps.isEmpty() || applicable.isEmpty()) {
        continue;
      }
      List<String> inScope = new ArrayList<>();
      List<Object> scopeArgs = new ArrayList<>();
      for (Part part : applicable) {
        inScope.add(
            "select task_id, due from cp_pathway_step where status in "
                + OPEN
                + " and pathway = p.code and "
                + kind.condition
                + " and "
                + part.condition());
        scopeArgs.addAll(kind.args(now, soon));
        scopeArgs.addAll(part.args());
      }
      // Per pathway, the first steps by due date: a short sort of one index range each.
      selects.add(
          "select p.code as pathway, '"
              + kind.listName
              + "' as kind, l.task_id, l.due from "
              + codes(withSteps.size())
              + " cross join lateral (select task_id, due from ("
              + String.join(" union all ", inScope)
              + ") s order by due nulls last, task_id limit ?) l");
      args.addAll(withSteps);
      args.addAll(scopeArgs);
      args.add(limit);
    }
    Map<String, Map<String, List<String>>> listed = new HashMap<>();
    if (selects.isEmpty()) {
      return listed;
    }
    jdbc.query(
        String.join(" union all ", selects) + " order by pathway, kind, due nulls last, task_id",
        rs -> {
          listed
              .computeIfAbsent(rs.getString("pathway"), p -> new HashMap<>())
              .computeIfAbsent(rs.getString("kind"), k -> new ArrayList<>())
              .add(rs.getString("task_id"));
        },
        args.toArray());
    return listed;
  }

  /** The pathways with an open step in scope, in code order (one index probe per pathway). */
  private List<String> pathwaysWithOpenSteps(List<Part> parts, Set<String> known) {
    List<String> unknown = pathways.stream().filter(p -> !known.contains(p)).toList();
    Set<String> found = new TreeSet<>(known);
    if (!unknown.isEmpty()) {
      List<Object> args = new ArrayList<>(unknown);
      List<String> exists = new ArrayList<>();
      for (Part part : parts) {
        exists.add(
            "exists (select 1 from cp_pathway_step s where s.status in "
                + OPEN
                + " and s.pathway = p.code and "
                + part.condition()
                + ")");
        args.addAll(part.args());
      }
      found.addAll(
          jdbc.queryForList(
              "select code from " + codes(unknown.size()) + " where " + String.join(" or ", exists),
              String.class,
              args.toArray()));
    }
    return List.copyOf(found);
  }

  /** The scope as disjoint conditions: by the patient's practice, then by owner. */
  private static List<Part> parts(Scope scope) {
    List<Part> parts = new ArrayList<>();
    String role =
        scope.role().isPresent() ? " and (performer_role is null or performer_role = ?)" : "";
    if (!scope.practices().isEmpty()) {
      List<Object> args = new ArrayList<>(scope.practices());
      scope.role().ifPresent(args::add);
      parts.add(
          new Part(
              "practice in (" + placeholders(scope.practices().size()) + ")" + role, args, true));
    }
    if (!scope.owners().isEmpty()) {
      List<Object> args = new ArrayList<>(scope.owners());
      String condition = "owner in (" + placeholders(scope.owners().size()) + ")";
      if (!scope.practices().isEmpty()) {
        condition +=
            " and (practice is null or practice not in ("
                + placeholders(scope.practices().size())
                + "))";
        args.addAll(scope.practices());
      }
      scope.role().ifPresent(args::add);
      parts.add(new Part(condition + role, args, false));
    }
    return parts;
  }

  /** {@code n} pathway codes as rows {@code p(code)} (bound parameters), to join per pathway. */
  private static String codes(int n) {
    return "(values " + String.join(", ", Collections.nCopies(n, "(?)")) + ") as p(code)";
  }

  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
