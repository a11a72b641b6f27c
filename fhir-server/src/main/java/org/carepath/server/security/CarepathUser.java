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
 * (a reference such as {@code Practitioner/123}); {@code organisation} (ODS code); {@code scope}
 * (space-separated, or {@code scp} as a list: SMART resource scopes narrow access); {@code patient}
 * (a SMART launch context's patient id); {@code activities} (activity codes the issuer allows,
 * narrowing the roles' — {@link RoleActivities}).
 */
public record CarepathUser(
    String subject,
    Set<CarepathRole> roles,
    Optional<String> practitioner,
    Optional<String> organisationOdsCode,
    Set<String> scopes,
    Optional<String> launchPatient,
    Optional<Set<String>> activities) {

  static final String ROLES_CLAIM = "realm_access";
  static final String PRACTITIONER_CLAIM = "practitioner";
  static final String ORGANISATION_CLAIM = "organisation";

  public CarepathUser {
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    scopes = Set.copyOf(scopes);
  }

  /** Reads a user from a token's claims; unknown roles are ignored. */
  public static CarepathUser fromClaims(String subject, Map<String, Object> claims) {
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
        subject,
        roles,
        text(claims.get(PRACTITIONER_CLAIM)),
        text(claims.get(ORGANISATION_CLAIM)),
        scopes(claims),
        text(claims.get("patient")),
        claims.containsKey("activities")
            ? Optional.of(words(claims.get("activities")))
            : Optional.empty());
  }

  private static Set<String> words(Object claim) {
    Set<String> words = new java.util.LinkedHashSet<>();
    if (claim instanceof String text) {
      words.addAll(java.util.Arrays.asList(text.trim().split("\\s+")));
    } else if (claim instanceof Collection<?> list) {
      list.forEach(value -> words.add(String.valueOf(value)));
    }
    words.remove("");
    return Set.copyOf(words);
  }

  private static Set<String> scopes(Map<String, Object> claims) {
    Set<String> scopes = new java.util.LinkedHashSet<>(words(claims.get("scope")));
    scopes.addAll(words(claims.get("scp")));
    return scopes;
  }

  private static Optional<String> text(Object value) {
    return value instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }
}
