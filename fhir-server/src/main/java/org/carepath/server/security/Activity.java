package org.carepath.server.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a user may do, in the manner of NHS RBAC activities: each role is given its activities by
 * configuration ({@code carepath.security.role-activities}), and a token whose issuer sends an
 * {@code activities} claim is narrowed to those. Whose records a user reaches is decided separately
 * (legitimate relationships, docs/security.md).
 */
public enum Activity {
  /** Read what is not restricted: directories, definitions, the records access allows. */
  READ("read"),
  /** Create and update clinical records (never delete), and run operations that store results. */
  WRITE_RECORDS("write-records"),
  /** Give direct care: patient-level records within a legitimate relationship, emergency access. */
  DIRECT_CARE("direct-care"),
  /**
   * Urgent care (NHS 111, ambulance, out of hours): any patient's crisis summary once the user has
   * recorded why (emergency access); no other patient-level record.
   */
  URGENT_CARE("urgent-care"),
  /** Commission services: aggregates (KPIs, counts) only, small numbers withheld. */
  COMMISSIONING("commissioning"),
  /** Write the definitional resources (pathways, KPIs, profiles, terminology). */
  AUTHOR_DEFINITIONS("author-definitions"),
  /** Read who accessed the records of their practice's patients (AuditEvents, access reports). */
  ACCESS_REPORTS("access-reports"),
  /** Give an unroutable referral its owner by hand. */
  ROUTE_REFERRALS("route-referrals"),
  /**
   * Export in bulk ({@code $export}) the patient-level records the user's organisation may see, for
   * its population health work.
   */
  EXPORT_RECORDS("export-records"),
  /**
   * Load records in bulk ({@code $import}) from the allowed sources: a population onboarded from a
   * GP system's extract. The records are stored as the server, so only an integration role has it.
   */
  IMPORT_RECORDS("import-records");

  private final String code;

  Activity(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<Activity> fromCode(String code) {
    return Arrays.stream(values()).filter(a -> a.code.equals(code)).findFirst();
  }
}
