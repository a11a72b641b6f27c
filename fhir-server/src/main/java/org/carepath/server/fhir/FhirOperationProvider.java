package org.carepath.server.fhir;

/**
 * Marks a bean as a provider of FHIR operations ({@code $name}). Feature configurations declare
 * their operation providers as beans of this type and the REST server registers them all.
 */
public interface FhirOperationProvider {}
