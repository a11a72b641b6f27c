package org.carepath.server.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * The roles a Carepath token can carry (Keycloak realm roles, claim {@code realm_access.roles}).
 * What each may do is configuration ({@link RoleActivities}, {@code
 * carepath.security.role-activities}); whose records, the access model (docs/security.md).
 */
public enum CarepathRole {
  GP("gp"),
  PRACTICE_NURSE("practice-nurse"),
  COMMUNITY_NURSE("community-nurse"),
  SPECIALIST("specialist"),
  SOCIAL_WORKER("social-worker"),
  CARE_HOME_STAFF("care-home-staff"),
  CARE_COORDINATOR("care-coordinator"),
  /**
   * NHS 111, ambulance and out-of-hours clinicians: a patient's crisis summary, after recording why
   * (emergency access); nothing else of a record.
   */
  URGENT_CARE("urgent-care"),
  /** Commissioners read; they never change clinical records. */
  COMMISSIONER("commissioner"),
  /** A GP system or other client system posting on its organisation's behalf. */
  SYSTEM("system"),
  /**
   * Writes the definitional resources (pathways, KPIs, profiles, terminology) under clinical safety
   * control; reads everything; writes no clinical record.
   */
  CONTENT_AUTHOR("content-author"),
  /**
   * Reads who accessed the records of their practice's patients (AuditEvents and the access
   * report); no clinical record.
   */
  PRIVACY_OFFICER("privacy-officer");

  private final String code;

  CarepathRole(String code) {
    this.code = code;
  }

  /** The role's name in tokens and in the Keycloak realm. */
  public String code() {
    return code;
  }

  public static Optional<CarepathRole> fromCode(String code) {
    return Arrays.stream(values()).filter(role -> role.code.equals(code)).findFirst();
  }
}
