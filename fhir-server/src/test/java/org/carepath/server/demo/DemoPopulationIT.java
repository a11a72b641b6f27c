package org.carepath.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.carepath.coordination.organisation.OrganisationType;
import org.carepath.coordination.patient.NhsNumber;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/** The run command's demo world is in the server: hierarchy, services, staff and patients. */
class DemoPopulationIT extends ServerTestSupport {

  @Test
  void organisationsFormTheIcsHierarchy() {
    assertThat(countOfType(OrganisationType.ICS)).isEqualTo(1);
    assertThat(countOfType(OrganisationType.PLACE)).isEqualTo(2);
    assertThat(countOfType(OrganisationType.PCN)).isEqualTo(3);
    assertThat(countOfType(OrganisationType.GP_PRACTICE)).isEqualTo(6);
    assertThat(countOfType(OrganisationType.CARE_HOME)).isEqualTo(2);
    assertThat(countOfType(OrganisationType.HOSPICE)).isEqualTo(1);

    JsonPath practice = get("/Organization/demo-practice-1");
    assertThat(practice.getString("partOf.reference")).isEqualTo("Organization/demo-pcn-1");
    assertThat(get("/Organization/demo-pcn-1").getString("partOf.reference"))
        .isEqualTo("Organization/demo-place-north");
    assertThat(get("/Organization/demo-place-north").getString("partOf.reference"))
        .isEqualTo("Organization/demo-ics");
  }

  @Test
  void everyRoleHasAPractitionerWithARole() {
    JsonPath roles =
        as("gp")
            .queryParam("identifier", DemoWorld.STAFF_SYSTEM + "|")
            .queryParam("_count", 50)
            .get("/PractitionerRole")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(roles.getList("entry.resource.collect { it.code[0].coding[0].code }", String.class))
        .containsOnly(
            "gp",
            "practice-nurse",
            "community-nurse",
            "specialist",
            "social-worker",
            "care-home-staff",
            "care-coordinator",
            "commissioner",
            "content-author",
            "privacy-officer",
            "urgent-care");
  }

  @Test
  void fiftyPatientsWithValidTestRangeNhsNumbersAreRegisteredWithDemoPracticesEachSeenByItsOwn() {
    String all =
        IntStream.range(0, 50)
            .mapToObj(i -> NhsNumber.SYSTEM + "|" + SyntheticPopulation.nhsNumberFor(i))
            .collect(Collectors.joining(","));
    int seen = 0;
    for (int practice = 1; practice <= 6; practice++) {
      String reference = "Organization/demo-practice-" + practice;
      JsonPath patients =
          as(gpAt(reference))
              .queryParam("identifier", all)
              .queryParam("_count", 100)
              .get("/Patient")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      seen += entries(patients);
      assertThat(
              patients.getList("entry.resource.collect { it.identifier[0].value }", String.class))
          .allSatisfy(value -> assertThat(new NhsNumber(value).isTestRange()).isTrue());
      // Each practice's GP sees their own practice's patients and nobody else's.
      assertThat(
              patients.getList(
                  "entry.resource.collect { it.generalPractitioner[0].reference }", String.class))
          .as(reference)
          .isNotEmpty()
          .containsOnly(reference);
    }
    assertThat(seen).isEqualTo(50);
  }

  @Test
  void theDemoPatientsHaveTheLongTermConditionsThePathwaysServe() {
    assertThat(conditionCount("44054006")).as("type 2 diabetes").isPositive();
    assertThat(conditionCount("13645005")).as("COPD").isPositive();
    assertThat(conditionCount("84114007")).as("heart failure").isPositive();
    assertThat(conditionCount("52448006")).as("dementia").isPositive();
    assertThat(conditionCount("161898004")).as("falls (a frailty deficit)").isPositive();
  }

  /** Across the demo practices, each counted by its own GP. */
  private int conditionCount(String snomedCode) {
    return IntStream.rangeClosed(1, 6)
        .map(
            practice ->
                searchTotal(
                    gpAt("demo-practice-" + practice),
                    "Condition",
                    "code",
                    "http://snomed.info/sct|" + snomedCode))
        .sum();
  }

  /** Demo organisations of the type (other ITs add organisations of their own to the server). */
  private int countOfType(OrganisationType type) {
    String demoIds =
        DemoWorld.ORGANISATIONS.stream().map(DemoWorld.Org::id).collect(Collectors.joining(","));
    return searchTotal(
        "gp", "Organization", "type", OrganisationType.SYSTEM + "|" + type.code(), "_id", demoIds);
  }

  private JsonPath get(String path) {
    return as("gp").get(path).then().statusCode(200).extract().jsonPath();
  }
}
