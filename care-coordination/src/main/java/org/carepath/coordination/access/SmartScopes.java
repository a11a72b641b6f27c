package org.carepath.coordination.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMART App Launch resource scopes in a token ({@code user/*.rs}, {@code patient/Observation.rs},
 * {@code system/Task.cruds}, v1 {@code .read} / {@code .write}): they only ever narrow what the
 * user's role and relationships allow. A token without any resource scope is not narrowed (a
 * Carepath user's own token); with one, every interaction needs a scope granting its permission on
 * its resource type, and a {@code patient/} scope reaches only the launch patient's record and what
 * is nobody's record (organisations, definitions). A scope with search restrictions ({@code
 * ?category=…}) grants nothing here: Carepath cannot yet hold a request to them, and granting more
 * than the scope would widen.
 */
public final class SmartScopes {

  /** SMART v2 permissions. */
  public enum Permission {
    CREATE('c'),
    READ('r'),
    UPDATE('u'),
    DELETE('d'),
    SEARCH('s');

    private final char letter;

    Permission(char letter) {
      this.letter = letter;
    }

    char letter() {
      return letter;
    }
  }

  private static final Pattern SCOPE =
      Pattern.compile(
          "(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.(\\*|read|write|[cruds]+)(\\?.*)?");

  private record Grant(boolean patientContext, String type, Set<Permission> permissions) {}

  private final List<Grant> grants;
  private final boolean narrows;
  private final Optional<String> launchPatient;

  private SmartScopes(List<Grant> grants, boolean narrows, Optional<String> launchPatient) {
    this.grants = List.copyOf(grants);
    this.narrows = narrows;
    this.launchPatient = launchPatient;
  }

  /**
   * @param scopes the token's scopes (other kinds — {@code openid}, {@code launch} — are ignored)
   * @param launchPatient the token's launch context patient id ({@code patient} claim), if any
   */
  public static SmartScopes of(Collection<String> scopes, Optional<String> launchPatient) {
    List<Grant> grants = new ArrayList<>();
    boolean narrows = false;
    for (String scope : scopes) {
      Matcher m = SCOPE.matcher(scope);
      if (!m.matches()) {
        continue;
      }
      narrows = true;
      if (m.group(4) != null) {
        continue; // restricted by search parameters: grants nothing here
      }
      grants.add(new Grant("patient".equals(m.group(1)), m.group(2), permissions(m.group(3))));
    }
    return new SmartScopes(grants, narrows, launchPatient);
  }

  private static Set<Permission> permissions(String text) {
    switch (text) {
      case "*":
        return EnumSet.allOf(Permission.class);
      case "read":
        return EnumSet.of(Permission.READ, Permission.SEARCH);
      case "write":
        return EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
      default:
        Set<Permission> found = EnumSet.noneOf(Permission.class);
        for (Permission p : Permission.values()) {
          if (text.indexOf(p.letter()) >= 0) {
            found.add(p);
          }
        }
        return found;
    }
  }

  /** Whether the token carries resource scopes at all. */
  public boolean narrows() {
    return narrows;
  }

  /**
   * Why the scopes do not allow {@code permission} on {@code type} in any context (a request,
   * before the records it touches are known), or empty when one may.
   */
  public Optional<String> whyNotType(String type, Permission permission) {
    if (!narrows) {
      return Optional.empty();
    }
    boolean granted =
        grants.stream()
            .anyMatch(
                g ->
                    (g.type().equals("*") || g.type().equals(type))
                        && g.permissions().contains(permission)
                        && (!g.patientContext() || launchPatient.isPresent()));
    return granted ? Optional.empty() : Optional.of(refusal(type, permission));
  }

  /**
   * Why the scopes do not allow {@code permission} on {@code type} for a record of {@code patients}
   * (empty: nobody's record), or empty when they do.
   */
  public Optional<String> whyNot(String type, Permission permission, Set<String> patients) {
    if (!narrows) {
      return Optional.empty();
    }
    for (Grant grant : grants) {
      if ((grant.type().equals("*") || grant.type().equals(type))
          && grant.permissions().contains(permission)
          && (!grant.patientContext() || inLaunchPatientsRecord(patients))) {
        return Optional.empty();
      }
    }
    return Optional.of(refusal(type, permission));
  }

  private String refusal(String type, Permission permission) {
    return "The token's scopes do not allow "
        + permission.name().toLowerCase(java.util.Locale.ROOT)
        + " on "
        + type
        + (launchPatient.isEmpty() ? "" : " beyond the launch patient's record")
        + " (insufficient_scope).";
  }

  /** Nobody's record (a directory entry, a definition), or the launch patient's alone. */
  private boolean inLaunchPatientsRecord(Set<String> patients) {
    return launchPatient.isPresent()
        && (patients.isEmpty() || patients.equals(Set.of(launchPatient.get())));
  }
}
