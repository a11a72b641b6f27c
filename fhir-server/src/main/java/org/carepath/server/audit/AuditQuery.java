package org.carepath.server.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an AuditEvent search asks of the audit store: each list is a choice (any of its values
 * matches; an empty list asks nothing), all of them together must hold.
 *
 * @param ids AuditEvent ids
 * @param patients patient ids the event names
 * @param agents {@code Type/id} of an agent ({@code agent.who}); {@code /id} alone for any type
 * @param entities {@code Type/id} of a record the event is about ({@code entity.what}); {@code /id}
 *     alone for any type
 * @param types the event's type, as tokens
 * @param subtypes one of the event's subtypes, as tokens
 * @param actions the action (C, R, U, D, E), as tokens
 * @param outcomes the outcome (0, 4, 8, 12), as tokens
 * @param recordedFrom recorded at or after
 * @param recordedTo recorded at or before
 * @param newestFirst the order: newest first (the default) or oldest first
 */
record AuditQuery(
    List<Long> ids,
    List<String> patients,
    List<String> agents,
    List<String> entities,
    List<Token> types,
    List<Token> subtypes,
    List<Token> actions,
    List<Token> outcomes,
    Optional<Instant> recordedFrom,
    Optional<Instant> recordedTo,
    boolean newestFirst) {

  /** Everything, newest first. */
  static AuditQuery all() {
    return new AuditQuery(
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        true);
  }

  /** One patient's events, newest first. */
  static AuditQuery ofPatient(String patientId) {
    return all().withPatients(List.of(patientId));
  }

  AuditQuery withPatients(List<String> wanted) {
    return new AuditQuery(
        ids,
        wanted,
        agents,
        entities,
        types,
        subtypes,
        actions,
        outcomes,
        recordedFrom,
        recordedTo,
        newestFirst);
  }

  AuditQuery withSubtypes(List<Token> wanted) {
    return new AuditQuery(
        ids,
        patients,
        agents,
        entities,
        types,
        wanted,
        actions,
        outcomes,
        recordedFrom,
        recordedTo,
        newestFirst);
  }

  AuditQuery withOutcomes(List<Token> wanted) {
    return new AuditQuery(
        ids,
        patients,
        agents,
        entities,
        types,
        subtypes,
        actions,
        wanted,
        recordedFrom,
        recordedTo,
        newestFirst);
  }

  AuditQuery recordedFrom(Instant from) {
    return new AuditQuery(
        ids,
        patients,
        agents,
        entities,
        types,
        subtypes,
        actions,
        outcomes,
        Optional.of(from),
        recordedTo,
        newestFirst);
  }

  AuditQuery oldestFirst() {
    return new AuditQuery(
        ids,
        patients,
        agents,
        entities,
        types,
        subtypes,
        actions,
        outcomes,
        recordedFrom,
        recordedTo,
        false);
  }

  /**
   * A FHIR token: {@code system|code}, {@code |code} (no system), or {@code code} (any system).
   *
   * @param system empty for any system
   */
  record Token(Optional<String> system, String code) {

    /** How the store keeps a coded value: {@code system|code}. */
    static String stored(String system, String code) {
      return (system == null ? "" : system) + "|" + code;
    }
  }
}
