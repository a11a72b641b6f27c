package org.carepath.coordination.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.access.SmartScopes.Permission;
import org.junit.jupiter.api.Test;

class SmartScopesTest {

  @Test
  void aTokenWithoutResourceScopesIsNotNarrowed() {
    SmartScopes scopes = SmartScopes.of(List.of("openid", "profile", "launch"), Optional.empty());

    assertThat(scopes.narrows()).isFalse();
    assertThat(scopes.whyNot("Condition", Permission.UPDATE, Set.of("1"))).isEmpty();
  }

  @Test
  void v2ScopesGrantTheirPermissionsOnTheirTypesOnly() {
    SmartScopes scopes =
        SmartScopes.of(
            List.of("openid", "user/Observation.rs", "user/Patient.r"), Optional.empty());

    assertThat(scopes.whyNot("Observation", Permission.SEARCH, Set.of("1"))).isEmpty();
    assertThat(scopes.whyNot("Observation", Permission.READ, Set.of("1"))).isEmpty();
    assertThat(scopes.whyNot("Observation", Permission.CREATE, Set.of("1")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("create on Observation"));
    assertThat(scopes.whyNot("Patient", Permission.SEARCH, Set.of("1"))).isPresent();
    assertThat(scopes.whyNot("Condition", Permission.READ, Set.of("1"))).isPresent();
  }

  @Test
  void wildcardsAndV1ScopesAreUnderstood() {
    SmartScopes all = SmartScopes.of(List.of("system/*.cruds"), Optional.empty());
    SmartScopes v1 = SmartScopes.of(List.of("user/*.read"), Optional.empty());

    assertThat(all.whyNot("Task", Permission.DELETE, Set.of())).isEmpty();
    assertThat(v1.whyNot("Task", Permission.SEARCH, Set.of())).isEmpty();
    assertThat(v1.whyNot("Task", Permission.UPDATE, Set.of())).isPresent();
  }

  @Test
  void patientScopesReachOnlyTheLaunchPatientsRecord() {
    SmartScopes scopes = SmartScopes.of(List.of("patient/*.rs"), Optional.of("42"));
    SmartScopes noLaunch = SmartScopes.of(List.of("patient/*.rs"), Optional.empty());

    assertThat(scopes.whyNot("Condition", Permission.READ, Set.of("42"))).isEmpty();
    assertThat(scopes.whyNot("Condition", Permission.READ, Set.of("43"))).isPresent();
    assertThat(scopes.whyNot("Organization", Permission.READ, Set.of()))
        .as("nobody's record")
        .isEmpty();
    assertThat(noLaunch.whyNot("Condition", Permission.READ, Set.of("42"))).isPresent();
  }

  @Test
  void aScopeRestrictedBySearchParametersGrantsNothingRatherThanMore() {
    SmartScopes scopes =
        SmartScopes.of(List.of("user/Observation.rs?category=laboratory"), Optional.empty());

    assertThat(scopes.narrows()).isTrue();
    assertThat(scopes.whyNot("Observation", Permission.SEARCH, Set.of("1"))).isPresent();
  }
}
