package org.carepath.coordination.pathway;

/** The answer to an enrolment request. */
public sealed interface EnrolmentOutcome {

  /** Newly enrolled (or, for a preview, what enrolling would store). */
  record Enrolled(Enrolment enrolment) implements EnrolmentOutcome {}

  /** Already enrolled: nothing changed. */
  record AlreadyEnrolled(Enrolment enrolment) implements EnrolmentOutcome {}

  record Ineligible(String reason) implements EnrolmentOutcome {}
}
