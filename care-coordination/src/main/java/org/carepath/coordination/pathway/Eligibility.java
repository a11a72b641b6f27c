package org.carepath.coordination.pathway;

/**
 * Whether a patient could be enrolled in a pathway now, as its enrolment rule decides on the
 * record: already enrolled, eligible, or not — with the reason in a clinician's words.
 */
public sealed interface Eligibility {

  record Enrolled() implements Eligibility {}

  record Eligible(String reason) implements Eligibility {}

  record Ineligible(String reason) implements Eligibility {}
}
