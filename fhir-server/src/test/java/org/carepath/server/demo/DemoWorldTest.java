package org.carepath.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carepath.coordination.organisation.OrganisationType;
import org.carepath.server.security.CarepathRole;
import org.carepath.server.security.DevAccount;
import org.junit.jupiter.api.Test;

class DemoWorldTest {

  @Test
  void hasTheOrganisationsTheIssueAsksFor() {
    Map<OrganisationType, Long> counts =
        DemoWorld.ORGANISATIONS.stream()
            .collect(Collectors.groupingBy(DemoWorld.Org::type, Collectors.counting()));
    assertThat(counts)
        .containsEntry(OrganisationType.ICS, 1L)
        .containsEntry(OrganisationType.PLACE, 2L)
        .containsEntry(OrganisationType.PCN, 3L)
        .containsEntry(OrganisationType.GP_PRACTICE, 6L)
        .containsEntry(OrganisationType.COMMUNITY_PROVIDER, 1L)
        .containsEntry(OrganisationType.HOSPITAL_SERVICE, 1L)
        .containsEntry(OrganisationType.LOCAL_AUTHORITY_SOCIAL_CARE, 1L)
        .containsEntry(OrganisationType.CARE_HOME, 2L)
        .containsEntry(OrganisationType.HOSPICE, 1L);
  }

  @Test
  void everyPartOfPointsUpTheHierarchy() {
    Map<String, DemoWorld.Org> byId =
        DemoWorld.ORGANISATIONS.stream()
            .collect(Collectors.toMap(DemoWorld.Org::id, Function.identity()));
    Map<OrganisationType, OrganisationType> parent =
        Map.of(
            OrganisationType.PLACE, OrganisationType.ICS,
            OrganisationType.PCN, OrganisationType.PLACE,
            OrganisationType.GP_PRACTICE, OrganisationType.PCN);
    DemoWorld.ORGANISATIONS.stream()
        .filter(org -> parent.containsKey(org.type()))
        .forEach(
            org -> assertThat(byId.get(org.partOf()).type()).isEqualTo(parent.get(org.type())));
  }

  @Test
  void everyRoleHasAnAccountEveryPracticeAGpAndEachIsInADemoOrganisation() {
    assertThat(DemoWorld.accounts().stream().map(DevAccount::role))
        .containsOnly(CarepathRole.values())
        .contains(CarepathRole.values());
    assertThat(
            DemoWorld.STAFF.stream()
                .filter(staff -> staff.role() == CarepathRole.GP)
                .map(DemoWorld.Staff::organisationId))
        .containsExactlyInAnyOrderElementsOf(
            DemoWorld.practiceReferences().stream()
                .map(reference -> reference.substring("Organization/".length()))
                .toList());
    var odsCodes = DemoWorld.ORGANISATIONS.stream().map(DemoWorld.Org::odsCode).toList();
    assertThat(DemoWorld.accounts())
        .allSatisfy(a -> assertThat(odsCodes).contains(a.organisationOdsCode()));
    assertThat(DemoWorld.accounts().stream().filter(DevAccount::system).map(DevAccount::login))
        .containsExactly("gp-system");
  }

  @Test
  void odsCodesAreUnique() {
    assertThat(DemoWorld.ORGANISATIONS.stream().map(DemoWorld.Org::odsCode).distinct().count())
        .isEqualTo(DemoWorld.ORGANISATIONS.size());
    assertThat(Arrays.stream(CarepathRole.values()).map(CarepathRole::code).distinct().count())
        .isEqualTo(CarepathRole.values().length);
  }
}
