package org.carepath.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Tokens' claims, and what the roles may do as the shipped configuration maps them. */
class CarepathUserTest {

  /** carepath.security.role-activities as application.yaml ships it. */
  @SuppressWarnings("unchecked")
  private static final RoleActivities SHIPPED = shipped();

  @SuppressWarnings("unchecked")
  private static RoleActivities shipped() {
    try (InputStream yaml = CarepathUserTest.class.getResourceAsStream("/application.yaml")) {
      Map<String, Object> root = new Yaml().load(yaml);
      Map<String, Object> carepath = (Map<String, Object>) root.get("carepath");
      Map<String, Object> security = (Map<String, Object>) carepath.get("security");
      return RoleActivities.of((Map<String, List<String>>) security.get("role-activities"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CarepathUser withRoles(String... roles) {
    return CarepathUser.fromClaims("u", Map.of("realm_access", Map.of("roles", List.of(roles))));
  }

  @Test
  void readsKeycloakRealmRolesPractitionerOrganisationAndScopes() {
    CarepathUser user =
        CarepathUser.fromClaims(
            "abc",
            Map.of(
                "realm_access",
                    Map.of("roles", List.of("gp", "offline_access", "uma_authorization")),
                "practitioner", "Practitioner/demo-gp",
                "organisation", "Z99101",
                "scope", "openid  user/Patient.rs",
                "patient", "42"));

    assertThat(user.roles()).containsExactly(CarepathRole.GP);
    assertThat(user.practitioner()).contains("Practitioner/demo-gp");
    assertThat(user.organisationOdsCode()).contains("Z99101");
    assertThat(user.scopes()).containsExactlyInAnyOrder("openid", "user/Patient.rs");
    assertThat(user.launchPatient()).contains("42");
    assertThat(user.activities()).isEmpty();
    assertThat(SHIPPED.of(user))
        .containsExactlyInAnyOrder(
            Activity.READ, Activity.WRITE_RECORDS, Activity.DIRECT_CARE, Activity.EXPORT_RECORDS);
  }

  @Test
  void aCommissionerReadsAggregatesAndWritesNothing() {
    assertThat(SHIPPED.of(withRoles("commissioner")))
        .containsExactlyInAnyOrder(Activity.READ, Activity.COMMISSIONING);
  }

  @Test
  void noCarepathRoleMeansNoActivity() {
    CarepathUser user = withRoles("offline_access");
    assertThat(user.roles()).isEmpty();
    assertThat(SHIPPED.of(user)).isEmpty();
    assertThat(SHIPPED.of(CarepathUser.fromClaims("y", Map.of()))).isEmpty();
  }

  @Test
  void rolesActivitiesAddUp() {
    assertThat(SHIPPED.of(withRoles("commissioner", "care-coordinator")))
        .contains(Activity.WRITE_RECORDS, Activity.ROUTE_REFERRALS, Activity.COMMISSIONING);
  }

  @Test
  void onlyAContentAuthorWritesDefinitionsAndAContentAuthorWritesNoRecord() {
    assertThat(SHIPPED.of(withRoles("content-author")))
        .containsExactlyInAnyOrder(Activity.READ, Activity.AUTHOR_DEFINITIONS);
    assertThat(SHIPPED.allows(withRoles("gp"), Activity.AUTHOR_DEFINITIONS)).isFalse();
    assertThat(SHIPPED.of(withRoles("privacy-officer")))
        .containsExactlyInAnyOrder(Activity.READ, Activity.ACCESS_REPORTS);
  }

  @Test
  void theIssuersActivitiesClaimNarrowsAndNeverWidens() {
    CarepathUser readOnlyGp =
        CarepathUser.fromClaims(
            "g",
            Map.of(
                "realm_access", Map.of("roles", List.of("gp")),
                "activities", List.of("read", "direct-care", "author-definitions")));

    assertThat(SHIPPED.of(readOnlyGp))
        .containsExactlyInAnyOrder(Activity.READ, Activity.DIRECT_CARE);
  }

  @Test
  void aMappingNamingAnUnknownRoleOrActivityStopsStartUp() {
    assertThatThrownBy(() -> RoleActivities.of(Map.of("surgeon", List.of("read"))))
        .hasMessageContaining("unknown role: surgeon");
    assertThatThrownBy(() -> RoleActivities.of(Map.of("gp", List.of("prescribe"))))
        .hasMessageContaining("unknown activity: prescribe");
    assertThat(RoleActivities.of(Map.of()).of(withRoles("gp"))).isEqualTo(Set.of());
  }
}
