package org.carepath.server.fhir;

/**
 * Marks a bean as an interceptor of the FHIR REST server. Feature configurations declare their
 * interceptors as beans of this type and the server registers them all, so a feature plugs in
 * without this package knowing it.
 */
public interface FhirServerInterceptor {}
