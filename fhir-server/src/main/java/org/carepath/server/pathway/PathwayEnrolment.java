package org.carepath.server.pathway;

import java.util.Optional;

/**
 * Enrolment for other features (a clinician's accepted CDS Hooks suggestion): the pathway feature
 * implements it, so they need not know its internals.
 */
public interface PathwayEnrolment {

  /** What an enrolment request came to. */
  enum Result {
    ENROLLED,
    ALREADY_ENROLLED,
    INELIGIBLE
  }

  /**
   * Enrols the patient in the pathway as the server (its enrolment rule decides again, on the whole
   * record); empty when there is no such pathway.
   */
  Optional<Result> enrolAsServer(String pathwayCode, String patientId);
}
