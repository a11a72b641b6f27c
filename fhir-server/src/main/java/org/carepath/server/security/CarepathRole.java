package org.carepath.server.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * The roles a Carepath token can carry (Keycloak realm roles, claim {@code realm_access.roles}).
 * For now a role decides read versus write of clinical records, and whether definitional resources
 * may be written; finer access (organisation, care team, consent) comes with the access-control
 * work.
 */
public enum CarepathRole {
  GP("gp", true),
  PRACTICE_NURSE("practice-nurse", true),
  COMMUNITY_NURSE("community-nurse", true),
  SPECIALIST("specialist", true),
  SOCIAL_WORKER("social-worker", true),
  CARE_HOME_STAFF("care-home-staff", true),
  CARE_COORDINATOR("care-coordinator", true),
  /** Commissioners read; they never change clinical records. */
  COMMISSIONER("commissioner", false),
  /** A GP system or other client system posting on its organisation's behalf. */
  SYSTEM("system", true),
  /**
   * Writes the definitional resources (pathways, KPIs, profiles, terminology) under clinical safety
   * control; reads everything; writes no clinical record.
   */
  CONTENT_AUTHOR("content-author", false),
  /**
   * Reads who accessed the records of their practice's patients (AuditEvents and the access
   * report); no clinical record.
   */
  PRIVACY_OFFICER("privacy-officer", false);

  private final String code;
  private final boolean writes;

  CarepathRole(String code, boolean writes) {
    this.code = code;
    this.writes = writes;
  }

  /**
   * Whether the role gives direct care (and so may read patient-level records where a legitimate
   * relationship or an emergency allows): every role but commissioner, content author and privacy
   * officer.
   */
  public boolean givesDirectCare() {
    return this != COMMISSIONER && this != CONTENT_AUTHOR && this != PRIVACY_OFFICER;
  }

  /** Whether the role writes definitional resources ({@code RoleAuthorizationInterceptor}). */
  public boolean authorsDefinitions() {
    return this == CONTENT_AUTHOR;
  }

  /** The role's name in tokens and in the Keycloak realm. */
  public String code() {
    return code;
  }

  public boolean writes() {
    return writes;
  }

  public static Optional<CarepathRole> fromCode(String code) {
    return Arrays.stream(values()).filter(role -> role.code.equals(code)).findFirst();
  }
}
