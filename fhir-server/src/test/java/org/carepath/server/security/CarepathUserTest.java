package org.carepath.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CarepathUserTest {

  @Test
  void readsKeycloakRealmRolesPractitionerAndOrganisation() {
    CarepathUser user =
        CarepathUser.fromClaims(
            "abc",
            Map.of(
                "realm_access",
                    Map.of("roles", List.of("gp", "offline_access", "uma_authorization")),
                "practitioner", "Practitioner/demo-gp",
                "organisation", "Z99101"));

    assertThat(user.roles()).containsExactly(CarepathRole.GP);
    assertThat(user.practitioner()).contains("Practitioner/demo-gp");
    assertThat(user.organisationOdsCode()).contains("Z99101");
    assertThat(user.canRead()).isTrue();
    assertThat(user.canWrite()).isTrue();
  }

  @Test
  void aCommissionerReadsButDoesNotWrite() {
    CarepathUser user =
        CarepathUser.fromClaims(
            "c", Map.of("realm_access", Map.of("roles", List.of("commissioner"))));
    assertThat(user.canRead()).isTrue();
    assertThat(user.canWrite()).isFalse();
  }

  @Test
  void noCarepathRoleMeansNoAccess() {
    CarepathUser user =
        CarepathUser.fromClaims(
            "x", Map.of("realm_access", Map.of("roles", List.of("offline_access"))));
    assertThat(user.roles()).isEmpty();
    assertThat(user.canRead()).isFalse();
    assertThat(user.canWrite()).isFalse();
    assertThat(CarepathUser.fromClaims("y", Map.of()).canRead()).isFalse();
  }

  @Test
  void writingIsAllowedIfAnyRoleWrites() {
    CarepathUser user =
        CarepathUser.fromClaims(
            "z",
            Map.of("realm_access", Map.of("roles", List.of("commissioner", "care-coordinator"))));
    assertThat(user.canWrite()).isTrue();
  }

  @Test
  void onlyAContentAuthorWritesDefinitionsAndAContentAuthorWritesNoRecord() {
    CarepathUser author =
        CarepathUser.fromClaims(
            "a", Map.of("realm_access", Map.of("roles", List.of("content-author"))));
    assertThat(author.canRead()).isTrue();
    assertThat(author.canWrite()).isFalse();
    assertThat(author.authorsDefinitions()).isTrue();
    CarepathUser gp =
        CarepathUser.fromClaims("g", Map.of("realm_access", Map.of("roles", List.of("gp"))));
    assertThat(gp.authorsDefinitions()).isFalse();
  }
}
