package org.carepath.server.security;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each role's activities, from configuration ({@code carepath.security.role-activities}); a role
 * the configuration does not name may do nothing. A token that carries an {@code activities} claim
 * is narrowed to them: the issuer can take activities away, never add any.
 */
public final class RoleActivities {

  private final Map<CarepathRole, Set<Activity>> byRole;

  private RoleActivities(Map<CarepathRole, Set<Activity>> byRole) {
    this.byRole = byRole;
  }

  /**
   * Reads the configured mapping (role code → activity codes); an unknown role or activity stops
   * start-up with what is wrong.
   */
  public static RoleActivities of(Map<String, List<String>> configured) {
    Map<CarepathRole, Set<Activity>> byRole = new EnumMap<>(CarepathRole.class);
    configured.forEach(
        (roleCode, activityCodes) -> {
          CarepathRole role =
              CarepathRole.fromCode(roleCode)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "carepath.security.role-activities names an unknown role: "
                                  + roleCode));
          Set<Activity> activities = EnumSet.noneOf(Activity.class);
          for (String code : activityCodes) {
            activities.add(
                Activity.fromCode(code)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "carepath.security.role-activities."
                                    + roleCode
                                    + " names an unknown activity: "
                                    + code)));
          }
          byRole.put(role, Set.copyOf(activities));
        });
    return new RoleActivities(byRole);
  }

  /** The user's activities: those of their roles, narrowed to the token's claim if it has one. */
  public Set<Activity> of(CarepathUser user) {
    Set<Activity> activities = EnumSet.noneOf(Activity.class);
    user.roles().forEach(role -> activities.addAll(byRole.getOrDefault(role, Set.of())));
    user.activities()
        .ifPresent(claimed -> activities.removeIf(activity -> !claimed.contains(activity.code())));
    return activities;
  }

  public boolean allows(CarepathUser user, Activity activity) {
    return of(user).contains(activity);
  }
}
