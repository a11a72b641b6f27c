package org.carepath.coordination.pathway;

/**
 * One patient as a pathway sees them: the facts its enrolment policy reads, how step applicability
 * is evaluated over their record, and who owns steps for them.
 */
public record PatientContext(
    String patient, EnrolmentFacts facts, StepConditions conditions, StepOwners owners) {}
