package org.carepath.coordination.pathway;

/**
 * When a step applies: an expression over the patient's record (FHIRPath, evaluated by an adapter)
 * and what it means in words, which becomes the skip reason when it does not hold.
 */
public record Applicability(String description, String language, String expression) {}
