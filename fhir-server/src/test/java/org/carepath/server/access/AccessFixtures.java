package org.carepath.server.access;

import java.util.Map;
import org.carepath.server.support.JsonFixture;

/** The request bodies the access ITs share (fixtures under {@code /access/}). */
final class AccessFixtures {

  private AccessFixtures() {}

  /** A CareTeam for {@code patient} with one participant organisation. */
  static String careTeam(String patient, String status, String member) {
    return JsonFixture.of(
        "/access/care-team.json", Map.of("status", status, "patient", patient, "member", member));
  }

  /** A Consent recording the patient's objection to sharing (active) or its withdrawal. */
  static String objection(String patient, String status) {
    return JsonFixture.of("/access/objection.json", Map.of("status", status, "patient", patient));
  }

  /** A Condition of {@code patient} carrying the sharing class {@code sharing}. */
  static String labelledCondition(String patient, String sharing) {
    return JsonFixture.of(
        "/access/labelled-condition.json", Map.of("sharing", sharing, "patient", patient));
  }

  /** An Observation of {@code patient} with {@code text} as its code. */
  static String observation(String patient, String text) {
    return JsonFixture.of("/access/observation.json", Map.of("text", text, "patient", patient));
  }
}
