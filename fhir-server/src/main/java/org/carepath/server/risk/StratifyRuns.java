package org.carepath.server.risk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Population runs and their chunks in PostgreSQL (operational records, not clinical data: the
 * results themselves are RiskAssessments). A chunk is marked done in the transaction that writes
 * its results, so a run's progress is exactly the results that are stored.
 */
class StratifyRuns {

  static final String ALL = "all";

  /** A run as recorded. */
  record Run(
      String id,
      String scope,
      String trigger,
      Optional<Instant> changedSince,
      Optional<Long> sinceXmin,
      String status,
      Instant requestedAt,
      Optional<Instant> listedAt,
      Optional<Instant> completedAt,
      int total,
      int chunks) {

    boolean isComplete() {
      return "completed".equals(status);
    }
  }

  /** A chunk: its patients and whether their results are stored. */
  record Chunk(List<String> patientIds, boolean done) {}

  private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() {};

  private final JdbcTemplate jdbc;
  private final ObjectMapper json = new ObjectMapper();

  StratifyRuns(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Where an incremental run starts: the last listing's time (to show) and xmin (to select). */
  record Since(Instant listedAt, long xmin) {}

  void create(
      String runId, String scope, String trigger, Optional<Since> since, Instant requestedAt) {
    jdbc.update(
        "insert into cp_stratify_run (run_id, scope, trigger, changed_since, since_xmin, status,"
            + " requested_at) values (?, ?, ?, ?, ?, 'planning', ?)",
        runId,
        scope,
        trigger,
        since.map(s -> Timestamp.from(s.listedAt())).orElse(null),
        since.map(Since::xmin).orElse(null),
        Timestamp.from(requestedAt));
  }

  /** Limits the run to the patients registered with these practices. */
  void restrictTo(String runId, Set<String> practices) {
    String[] references = practices.toArray(String[]::new);
    jdbc.update(
        connection -> {
          var statement =
              connection.prepareStatement(
                  "update cp_stratify_run set practices = ? where run_id = ?");
          statement.setArray(1, connection.createArrayOf("text", references));
          statement.setString(2, runId);
          return statement;
        });
  }

  /** The practices the run is limited to, if it is. */
  Optional<Set<String>> practices(String runId) {
    return jdbc
        .query(
            "select practices from cp_stratify_run where run_id = ?",
            (rs, n) -> {
              java.sql.Array array = rs.getArray(1);
              return array == null
                  ? Optional.<Set<String>>empty()
                  : Optional.<Set<String>>of(Set.of((String[]) array.getArray()));
            },
            runId)
        .stream()
        .findFirst()
        .flatMap(practices -> practices);
  }

  Optional<Run> find(String runId) {
    return jdbc
        .query(
            "select run_id, scope, trigger, changed_since, since_xmin, status, requested_at,"
                + " listed_at, completed_at, total, chunks from cp_stratify_run where run_id = ?",
            (rs, n) ->
                new Run(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    instant(rs.getTimestamp(4)),
                    Optional.ofNullable((Long) rs.getObject(5)),
                    rs.getString(6),
                    rs.getTimestamp(7).toInstant(),
                    instant(rs.getTimestamp(8)),
                    instant(rs.getTimestamp(9)),
                    rs.getInt(10),
                    rs.getInt(11)),
            runId)
        .stream()
        .findFirst();
  }

  /** Records the listed patients as chunks; the run is then running (or, if empty, complete). */
  void plan(String runId, List<List<String>> chunks, Instant listedAt, long listedXmin) {
    for (int i = 0; i < chunks.size(); i++) {
      String[] ids = chunks.get(i).toArray(String[]::new);
      int chunkNo = i;
      jdbc.update(
          connection -> {
            var statement =
                connection.prepareStatement(
                    "insert into cp_stratify_chunk (run_id, chunk_no, patient_ids) values (?, ?,"
                        + " ?)");
            statement.setString(1, runId);
            statement.setInt(2, chunkNo);
            statement.setArray(3, connection.createArrayOf("text", ids));
            return statement;
          });
    }
    int total = chunks.stream().mapToInt(List::size).sum();
    jdbc.update(
        "update cp_stratify_run set status = ?, listed_at = ?, listed_xmin = ?, total = ?,"
            + " chunks = ?, completed_at = ? where run_id = ? and status = 'planning'",
        chunks.isEmpty() ? "completed" : "running",
        Timestamp.from(listedAt),
        listedXmin,
        total,
        chunks.size(),
        chunks.isEmpty() ? Timestamp.from(listedAt) : null,
        runId);
  }

  Optional<Chunk> chunk(String runId, int chunkNo) {
    return jdbc
        .query(
            "select patient_ids, done from cp_stratify_chunk where run_id = ? and chunk_no = ?",
            (rs, n) -> new Chunk(List.of((String[]) rs.getArray(1).getArray()), rs.getBoolean(2)),
            runId,
            chunkNo)
        .stream()
        .findFirst();
  }

  /** Chunk numbers of the run not yet done. */
  List<Integer> openChunks(String runId) {
    return jdbc.queryForList(
        "select chunk_no from cp_stratify_chunk where run_id = ? and not done order by chunk_no",
        Integer.class,
        runId);
  }

  /**
   * Marks the chunk done with its counts and, if it was the last, the run complete. The run's row
   * is locked first, so of two chunks finishing at once exactly one sees that none is left.
   */
  void finish(String runId, int chunkNo, Map<String, Integer> counts, Instant now) {
    jdbc.queryForList("select run_id from cp_stratify_run where run_id = ? for update", runId);
    jdbc.update(
        "update cp_stratify_chunk set done = true, counts = ? where run_id = ? and chunk_no = ?",
        write(counts),
        runId,
        chunkNo);
    jdbc.update(
        "update cp_stratify_run set status = 'completed', completed_at = ? where run_id = ? and"
            + " status = 'running' and not exists (select 1 from cp_stratify_chunk where run_id = ?"
            + " and not done)",
        Timestamp.from(now),
        runId,
        runId);
  }

  /** Every patient the run listed. */
  Set<String> patients(String runId) {
    return new java.util.HashSet<>(
        jdbc.queryForList(
            "select unnest(patient_ids) from cp_stratify_chunk where run_id = ?",
            String.class,
            runId));
  }

  /** Patients whose results are stored so far. */
  int patientsDone(String runId) {
    Integer done =
        jdbc.queryForObject(
            "select coalesce(sum(cardinality(patient_ids)), 0) from cp_stratify_chunk where run_id"
                + " = ? and done",
            Integer.class,
            runId);
    return done == null ? 0 : done;
  }

  /** The counts of the run's finished chunks, added up. */
  Map<String, Integer> counts(String runId) {
    Map<String, Integer> total = new TreeMap<>();
    jdbc.queryForList(
            "select counts from cp_stratify_chunk where run_id = ? and done", String.class, runId)
        .forEach(counts -> read(counts).forEach((key, n) -> total.merge(key, n, Integer::sum)));
    return total;
  }

  /** Where the latest complete whole-population run listed its patients, if there is one. */
  Optional<Since> lastWholePopulationListing() {
    return jdbc
        .query(
            "select listed_at, listed_xmin from cp_stratify_run where scope = ? and status ="
                + " 'completed' and listed_xmin is not null order by listed_at desc limit 1",
            (rs, n) -> new Since(rs.getTimestamp(1).toInstant(), rs.getLong(2)),
            ALL)
        .stream()
        .findFirst();
  }

  private String write(Map<String, Integer> counts) {
    try {
      return json.writeValueAsString(counts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("counts are plain numbers", e);
    }
  }

  private Map<String, Integer> read(String counts) {
    try {
      return json.readValue(counts, COUNTS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a chunk's counts are written by this class", e);
    }
  }

  private static Optional<Instant> instant(Timestamp timestamp) {
    return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
  }
}
