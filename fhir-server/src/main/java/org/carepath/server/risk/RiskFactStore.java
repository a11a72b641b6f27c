package org.carepath.server.risk;

import java.sql.Array;
import java.sql.Date;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.risk.ClinicalFacts;
import org.carepath.coordination.risk.fhir.ClinicalFactsReader.Contribution;
import org.carepath.coordination.terminology.Code;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The risk projection in PostgreSQL: each patient's birth date and practice, and what each of their
 * records contributes to risk models, kept by {@link RiskFactProjection} in the transaction that
 * writes the record; read a chunk of patients at a time by population runs.
 */
class RiskFactStore {

  /** A patient as the projection holds them. */
  record StoredPatient(String id, String birthDate, String practice, List<Contribution> records) {}

  /** A patient's current stored result for a model. */
  record StoredResult(String band, String fingerprint) {}

  private final JdbcTemplate jdbc;

  RiskFactStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void upsertPatient(
      String patientId, String birthDate, String practice, boolean deceased, Instant now) {
    jdbc.update(
        "insert into cp_risk_patient (patient_id, birth_date, practice, deceased, record_changed,"
            + " change_txid) values (?, ?, ?, ?, ?, txid_current()) on conflict (patient_id) do"
            + " update set birth_date = excluded.birth_date, practice = excluded.practice,"
            + " deceased = excluded.deceased, record_changed = excluded.record_changed,"
            + " change_txid = excluded.change_txid",
        patientId,
        birthDate,
        practice,
        deceased,
        Timestamp.from(now));
  }

  /**
   * Marks the patient's record as changed (creating their row if their Patient is not seen yet).
   */
  void touch(String patientId, Instant now) {
    jdbc.update(
        "insert into cp_risk_patient (patient_id, record_changed, change_txid) values (?, ?,"
            + " txid_current()) on conflict (patient_id) do update set record_changed ="
            + " excluded.record_changed, change_txid = excluded.change_txid",
        patientId,
        Timestamp.from(now));
  }

  /** The patient a record's facts were filed under, if it has any. */
  Optional<String> patientOf(String source) {
    return jdbc
        .queryForList(
            "select patient_id from cp_risk_fact where source = ? limit 1", String.class, source)
        .stream()
        .findFirst();
  }

  /** Forgets what the record contributed. */
  void remove(String source) {
    jdbc.update("delete from cp_risk_fact where source = ?", source);
  }

  /** Files what the record contributes under the patient (after {@link #remove} for a change). */
  void add(String source, String patient, Contribution contribution) {
    if (contribution.isEmpty()) {
      return;
    }
    List<Object[]> rows = new ArrayList<>();
    contribution
        .evidence()
        .forEach(e -> rows.add(row(source, patient, "E", e.code(), null, null, null)));
    contribution
        .activeMedicines()
        .forEach(
            m -> rows.add(row(source, patient, "M", m.product().orElse(null), null, null, null)));
    contribution
        .measurements()
        .forEach(
            m ->
                rows.add(
                    row(
                        source,
                        patient,
                        "Q",
                        m.code(),
                        Date.valueOf(m.date()),
                        m.value().orElse(null),
                        m.unit())));
    jdbc.batchUpdate(
        "insert into cp_risk_fact (source, patient_id, kind, system, code, fact_date, value, unit)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
        new int[] {
          Types.VARCHAR,
          Types.VARCHAR,
          Types.CHAR,
          Types.VARCHAR,
          Types.VARCHAR,
          Types.DATE,
          Types.DOUBLE,
          Types.VARCHAR
        });
  }

  private static Object[] row(
      String source, String patient, String kind, Code code, Date date, Double value, String unit) {
    return new Object[] {
      source,
      patient,
      kind,
      code == null ? null : code.system(),
      code == null ? null : code.code(),
      date,
      value,
      unit
    };
  }

  /**
   * Living patients with a Patient record, in id order; only those registered with {@code
   * practices}, if given; only those changed by a transaction not finished when {@code
   * changedSinceXmin} was taken ({@link #openTransactionsXmin}), if given.
   */
  List<String> patientIds(Optional<Set<String>> practices, Optional<Long> changedSinceXmin) {
    StringBuilder sql =
        new StringBuilder(
            "select patient_id from cp_risk_patient where birth_date is not null and not deceased");
    List<Object> arguments = new ArrayList<>();
    if (practices.isPresent()) {
      sql.append(" and practice = any(?)");
      arguments.add(practices.get().toArray(String[]::new));
    }
    if (changedSinceXmin.isPresent()) {
      sql.append(" and change_txid >= ?");
      arguments.add(changedSinceXmin.get());
    }
    sql.append(" order by patient_id");
    return jdbc.query(
        connection -> {
          var statement = connection.prepareStatement(sql.toString());
          for (int i = 0; i < arguments.size(); i++) {
            Object argument = arguments.get(i);
            if (argument instanceof String[] values) {
              statement.setArray(i + 1, connection.createArrayOf("text", values));
            } else {
              statement.setObject(i + 1, argument);
            }
          }
          return statement;
        },
        (rs, n) -> rs.getString(1));
  }

  /**
   * The oldest transaction still open now: every change by an older one is visible, so an
   * incremental run that starts from this misses nothing committed later.
   */
  long openTransactionsXmin() {
    Long xmin =
        jdbc.queryForObject("select txid_snapshot_xmin(txid_current_snapshot())", Long.class);
    return xmin == null ? 0 : xmin;
  }

  /** The chunk's patients and their records' contributions, two queries for the whole chunk. */
  Map<String, StoredPatient> load(List<String> patientIds) {
    Map<String, String[]> patients = new HashMap<>();
    String[] ids = patientIds.toArray(String[]::new);
    jdbc.query(
        connection ->
            withIds(
                connection,
                "select patient_id, birth_date, practice from cp_risk_patient where patient_id = any(?)",
                ids),
        rs -> {
          patients.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
        });
    Map<String, Map<String, List<FactRow>>> bySource = new HashMap<>();
    jdbc.query(
        connection ->
            withIds(
                connection,
                "select patient_id, source, kind, system, code, fact_date, value, unit from cp_risk_fact where patient_id = any(?)",
                ids),
        rs -> {
          Date date = rs.getDate(6);
          double value = rs.getDouble(7);
          Double boxed = rs.wasNull() ? null : value;
          bySource
              .computeIfAbsent(rs.getString(1), p -> new HashMap<>())
              .computeIfAbsent(rs.getString(2), s -> new ArrayList<>())
              .add(
                  new FactRow(
                      rs.getString(3),
                      rs.getString(4) == null ? null : new Code(rs.getString(4), rs.getString(5)),
                      date == null ? null : date.toLocalDate(),
                      Optional.ofNullable(boxed),
                      rs.getString(8)));
        });
    Map<String, StoredPatient> loaded = new HashMap<>();
    patients.forEach(
        (id, columns) -> {
          List<Contribution> records = new ArrayList<>();
          bySource
              .getOrDefault(id, Map.of())
              .forEach((source, rows) -> records.add(contribution(source, rows)));
          loaded.put(id, new StoredPatient(id, columns[0], columns[1], records));
        });
    return loaded;
  }

  /** One row of {@code cp_risk_fact}, as read. */
  private record FactRow(
      String kind, Code code, LocalDate date, Optional<Double> value, String unit) {}

  private static Contribution contribution(String source, List<FactRow> rows) {
    List<ClinicalFacts.Evidence> evidence = new ArrayList<>();
    List<ClinicalFacts.Medicine> medicines = new ArrayList<>();
    List<ClinicalFacts.Measurement> measurements = new ArrayList<>();
    for (FactRow row : rows) {
      switch (row.kind()) {
        case "E" -> evidence.add(new ClinicalFacts.Evidence(source, row.code()));
        case "M" ->
            medicines.add(new ClinicalFacts.Medicine(source, Optional.ofNullable(row.code())));
        default ->
            measurements.add(
                new ClinicalFacts.Measurement(
                    source, row.code(), row.date(), row.value(), row.unit()));
      }
    }
    return new Contribution(evidence, medicines, measurements);
  }

  Map<String, StoredResult> results(List<String> patientIds, String model) {
    Map<String, StoredResult> results = new HashMap<>();
    jdbc.query(
        connection -> {
          var statement =
              withIds(
                  connection,
                  "select patient_id, band, fingerprint from cp_risk_result where patient_id ="
                      + " any(?) and model = ?",
                  patientIds.toArray(String[]::new));
          statement.setString(2, model);
          return statement;
        },
        rs -> {
          results.put(rs.getString(1), new StoredResult(rs.getString(2), rs.getString(3)));
        });
    return results;
  }

  void saveResult(String patientId, String model, String band, String fingerprint) {
    jdbc.update(
        "insert into cp_risk_result (patient_id, model, band, fingerprint) values (?, ?, ?, ?)"
            + " on conflict (patient_id, model) do update set band = excluded.band, fingerprint ="
            + " excluded.fingerprint",
        patientId,
        model,
        band,
        fingerprint);
  }

  private static java.sql.PreparedStatement withIds(
      java.sql.Connection connection, String sql, String[] ids) throws java.sql.SQLException {
    var statement = connection.prepareStatement(sql);
    Array array = connection.createArrayOf("text", ids);
    statement.setArray(1, array);
    return statement;
  }
}
