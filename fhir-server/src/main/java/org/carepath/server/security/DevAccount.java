package org.carepath.server.security;

import java.util.Optional;

/**
 * An account of the local development issuer: a person who signs in with the password grant ({@code
 * username}) or a client system that uses client credentials ({@code client_id}).
 *
 * @param login the username, or the client id of a system
 * @param system whether this is a client system (client credentials) rather than a person
 * @param displayName the name shown for the person or system
 * @param role the Carepath role the token carries
 * @param practitioner reference to the Practitioner the person acts as, if any
 * @param organisationOdsCode ODS code of the organisation the account belongs to
 */
public record DevAccount(
    String login,
    boolean system,
    String displayName,
    CarepathRole role,
    Optional<String> practitioner,
    String organisationOdsCode) {}
