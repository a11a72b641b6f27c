package org.carepath.server.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, as the token says: subject, Carepath roles, the practitioner they act as and
 * their organisation's ODS code.
 *
 * <p>Claims: {@code sub}; {@code realm_access.roles} (Keycloak's realm roles); {@code practitioner}
 * (a reference such as {@code Practitioner/123}); {@code organisation} (ODS code).
 */
public record CarepathUser(
    String subject,
    Set<CarepathRole> roles,
    Optional<String> practitioner,
    Optional<String> organisationOdsCode) {

  static final String ROLES_CLAIM = "realm_access";
  static final String PRACTITIONER_CLAIM = "practitioner";
  static final String ORGANISATION_CLAIM = "organisation";

  public CarepathUser {
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  /** Reads a user from a token's claims; unknown roles are ignored. */
  static CarepathUser fromClaims(String subject, Map<String, Object> claims) {
    Set<CarepathRole> roles = EnumSet.noneOf(CarepathRole.class);
    if (claims.get(ROLES_CLAIM) instanceof Map<?, ?> realmAccess
        && realmAccess.get("roles") instanceof Collection<?> names) {
      names.stream()
          .map(String::valueOf)
          .map(CarepathRole::fromCode)
          .flatMap(Optional::stream)
          .forEach(roles::add);
    }
    return new CarepathUser(
        subject, roles, text(claims.get(PRACTITIONER_CLAIM)), text(claims.get(ORGANISATION_CLAIM)));
  }

  public boolean canRead() {
    return !roles.isEmpty();
  }

  public boolean canWrite() {
    return roles.stream().anyMatch(CarepathRole::writes);
  }

  /** Whether the caller may write definitional resources (pathways, profiles, terminology…). */
  public boolean authorsDefinitions() {
    return roles.stream().anyMatch(CarepathRole::authorsDefinitions);
  }

  private static Optional<String> text(Object value) {
    return value instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }
}
