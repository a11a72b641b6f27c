package org.carepath.coordination.access;

/**
 * What a user is doing, which decides the kind of access they can have at all (NHS RBAC-style: the
 * role's activities). Only direct care reads patient-level records, and then only with a legitimate
 * relationship or an emergency.
 */
public enum Duty {
  /** Clinicians, care staff, coordinators and their organisations' systems. */
  DIRECT_CARE,
  /**
   * Urgent care (NHS 111, ambulance, out of hours): a patient's crisis summary, after recording why
   * (emergency access) — no other patient-level record.
   */
  URGENT_CARE,
  /** Commissioners: aggregates only (KPIs, counts), never a patient-level record. */
  COMMISSIONING,
  /** Content authors: pathway and terminology definitions, no patient's record. */
  CONTENT_AUTHORING,
  /**
   * Privacy officers: who accessed the records of the patients registered at their practice (the
   * access report and its AuditEvents), not the records themselves.
   */
  PRIVACY_OFFICE
}
