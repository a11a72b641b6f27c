package org.carepath.server.webapp;

/**
 * What the browser app needs to sign in, served as {@code /app/config.json}: nothing secret, and
 * nothing that decides access (the API does).
 */
record WebAppSettings(String issuer, String clientId, String scope, String fhirBase) {}
