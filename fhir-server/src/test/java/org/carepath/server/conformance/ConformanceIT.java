package org.carepath.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.carepath.server.support.ServerTestSupport;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.SearchParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Carepath's profiles and terminology as a GP system meets them over HTTP: examples stored or
 * refused with 422 (nothing stored), workflow resources held to their profile without claiming it,
 * and terminology operations answered offline.
 */
class ConformanceIT extends ServerTestSupport {

  private static final Path EXAMPLES = Path.of("..", "profiles", "examples");

  private static final String REINDEX_JOBS =
      "select count(*) from bt2_job_instance where definition_id = 'REINDEX' and"
          + " coalesce(params_json_vc, params_json, '') like ?";

  @Autowired JdbcTemplate jdbc;
  @Autowired CarepathValidator validator;
  @Autowired DaoRegistry daoRegistry;
  @Autowired ISearchParamRegistry searchParamRegistry;
  @Autowired IJobCoordinator jobs;

  /**
   * The package's search parameters, stored at the first start on this new database before any
   * record of their types, asked HAPI for no reindex job: one would start a minute later and
   * reindex every Task, CarePlan and RiskAssessment written meanwhile, already indexed (it ran
   * through whole benchmarks: docs/benchmarks.md run 102). A parameter a content author adds over
   * the API is reindexed by HAPI as usual.
   */
  @Test
  void theFirstStartReindexesNothingAndAnAuthorsNewParameterIsReindexed() {
    for (String type : List.of("Task", "CarePlan", "RiskAssessment")) {
      assertThat(jdbc.queryForObject(REINDEX_JOBS, Integer.class, "%\"" + type + "?%"))
          .as(type)
          .isZero();
    }
    String code = "carepath-it-" + System.nanoTime();
    as("content-author")
        .body(
            "{\"resourceType\":\"SearchParameter\",\"url\":\"https://fhir.carepath.org/SearchParameter/"
                + code
                + "\",\"name\":\"ItBasicCode\",\"status\":\"draft\",\"description\":\"A test's"
                + " parameter.\",\"code\":\""
                + code
                + "\",\"base\":[\"Basic\"],\"type\":\"token\",\"expression\":\"Basic.code\"}")
        .post("/SearchParameter")
        .then()
        .statusCode(201);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> jdbc.queryForObject(REINDEX_JOBS, Integer.class, "%\"Basic?%") > 0);
  }

  /**
   * A release whose package adds a parameter on a type the database holds records of: the loader
   * reindexes those records once the parameter is active (one job), as HAPI would have.
   */
  @Test
  void aPackageParameterAddedWhereRecordsExistHasThemReindexed() {
    String code = "carepath-it-" + System.nanoTime();
    SearchParameter added =
        new SearchParameter()
            .setUrl("https://fhir.carepath.org/SearchParameter/" + code)
            .setName("ItOrganizationAlias")
            .setStatus(Enumerations.PublicationStatus.ACTIVE)
            .setDescription("A release's new parameter.")
            .setCode(code)
            .addBase("Organization")
            .setType(Enumerations.SearchParamType.STRING)
            .setExpression("Organization.alias");
    added.setId("it-" + code);
    int before = jdbc.queryForObject(REINDEX_JOBS, Integer.class, "%\"Organization?%");

    new ConformanceLoader(
            List.of(new ConformancePackage.Entry("SearchParameter-it.json", added)),
            validator,
            daoRegistry,
            searchParamRegistry,
            jobs)
        .run(null);

    assertThat(jdbc.queryForObject(REINDEX_JOBS, Integer.class, "%\"Organization?%"))
        .isEqualTo(before + 1);
  }

  @Test
  void validExamplesAreStoredAndEveryInvalidOneIsRefusedWith422AndNotStored() throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(EXAMPLES.resolve("manifest.json").toFile());
    for (JsonNode file : manifest.path("storeOrder")) {
      String body = Files.readString(EXAMPLES.resolve(file.asText()));
      JsonPath resource = JsonPath.from(body);
      int status = as("gp").body(body).put(path(resource)).statusCode();
      assertThat(status).as(file.asText()).isIn(200, 201);
    }
    var invalid = manifest.path("invalid").fields();
    int refused = 0;
    while (invalid.hasNext()) {
      var entry = invalid.next();
      String body = Files.readString(EXAMPLES.resolve(entry.getKey()));
      JsonPath resource = JsonPath.from(body);
      as("gp")
          .body(body)
          .put(path(resource))
          .then()
          .statusCode(422)
          .body("resourceType", equalTo("OperationOutcome"))
          .body(containsString(entry.getValue().path("expect").asText()));
      as("gp").get(path(resource)).then().statusCode(404);
      refused++;
    }
    assertThat(refused).isGreaterThanOrEqualTo(12);
  }

  @Test
  void aReferralIsHeldToTheReferralProfileWithoutClaimingIt() {
    String referral =
        """
        {"resourceType": "ServiceRequest", "status": "active", "intent": "order",
         "identifier": [{"system": "https://fhir.carepath.org/Id/referral-number", "value": "%s"}],
         "category": [{"coding": [{"system": "http://snomed.info/sct", "code": "3457005"}]}],
         "priority": "routine", "subject": {"reference": "Patient/example"},
         "requester": {"reference": "Practitioner/demo-gp"},
         "performerType": {"text": "Falls team"},
         "reasonCode": [{"coding": [{"system": "http://snomed.info/sct", "code": "161898004"}]}],
         "note": [{"text": "Two falls this month."}]}
        """
            .formatted(unique("ref"));
    as("gp")
        .body(referral)
        .post("/ServiceRequest")
        .then()
        .statusCode(422)
        .body(containsString("cp-ref-1"))
        .body(containsString("purpose"));
  }

  @Test
  void anyPatientWithAWrongNhsCheckDigitIsRefusedButPlainR4DataIsAccepted() {
    as("gp")
        .body(
            "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"9434765918\"}],\"generalPractitioner\":[{\"reference\":\"Organization/demo-practice-1\"}]}")
        .post("/Patient")
        .then()
        .statusCode(422)
        .body(containsString("cp-pat-2"));

    // A GP extract without Carepath's profiles (no birth date) is valid R4.
    as("gp")
        .body(
            "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"9434765919\"}],\"name\":[{\"family\":\"Extract\"}],\"generalPractitioner\":[{\"reference\":\"Organization/demo-practice-1\"}]}")
        .post("/Patient")
        .then()
        .statusCode(201);
  }

  @Test
  void aPlainResourceMissingARequiredElementIsRefusedByTheR4Schema() {
    String value = unique("no-status");
    String observation =
        "{\"resourceType\":\"Observation\",\"identifier\":[{\"system\":\"https://fhir.carepath.org/Id/test\",\"value\":\""
            + value
            + "\"}],\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59261-8\"}]},"
            + "\"subject\":{\"reference\":\"Patient/example\"}}";
    as("gp")
        .body(observation)
        .post("/Observation")
        .then()
        .statusCode(422)
        .body("resourceType", equalTo("OperationOutcome"))
        .body(containsString("status"));
    assertThat(
            searchTotal(
                "gp", "Observation", "identifier", "https://fhir.carepath.org/Id/test|" + value))
        .isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "efi-activity-limitation",
        "efi-anaemia",
        "efi-arthritis",
        "efi-atrial-fibrillation",
        "efi-cerebrovascular-disease",
        "efi-chronic-kidney-disease",
        "efi-diabetes",
        "efi-dizziness",
        "efi-dyspnoea",
        "efi-falls",
        "efi-foot-problems",
        "efi-fragility-fracture",
        "efi-hearing-impairment",
        "efi-heart-failure",
        "efi-heart-valve-disease",
        "efi-housebound",
        "efi-hypertension",
        "efi-hypotension-syncope",
        "efi-ischaemic-heart-disease",
        "efi-memory-cognitive-problems",
        "efi-mobility-transfer-problems",
        "efi-osteoporosis",
        "efi-parkinsonism-tremor",
        "efi-peptic-ulcer",
        "efi-peripheral-vascular-disease",
        "efi-requirement-for-care",
        "efi-respiratory-disease",
        "efi-skin-ulcer",
        "efi-sleep-disturbance",
        "efi-social-vulnerability",
        "efi-thyroid-disease",
        "efi-urinary-incontinence",
        "efi-urinary-system-disease",
        "efi-visual-impairment",
        "efi-weight-loss-anorexia",
        "diabetes-conditions",
        "copd-conditions",
        "heart-failure-conditions",
        "dementia-conditions",
        "palliative-care-conditions",
        "care-home-settings"
      })
  void valueSetsExpandOfflineToTheirCodes(String id) throws IOException {
    List<String> defined = definedCodes(id).stream().distinct().toList();
    List<String> expanded =
        as("commissioner")
            .get("/ValueSet/" + id + "/$expand")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("expansion.contains.code", String.class);

    assertThat(defined).isNotEmpty();
    assertThat(expanded).containsExactlyInAnyOrderElementsOf(defined);
  }

  /** The codes a value set file lists, with those of the value sets it includes. */
  private static List<String> definedCodes(String id) throws IOException {
    JsonNode definition =
        new ObjectMapper()
            .readTree(
                Path.of(
                        "..",
                        "terminology",
                        "src",
                        "main",
                        "resources",
                        "carepath",
                        "terminology",
                        "ValueSet-" + id + ".json")
                    .toFile());
    List<String> codes = new java.util.ArrayList<>();
    for (JsonNode include : definition.path("compose").path("include")) {
      include.path("concept").forEach(concept -> codes.add(concept.path("code").asText()));
      for (JsonNode included : include.path("valueSet")) {
        String url = included.asText();
        codes.addAll(definedCodes(url.substring(url.lastIndexOf('/') + 1)));
      }
    }
    return codes;
  }

  @Test
  void anEfiDeficitExpandsWithTheSharedConditionListItIncludesAndSaysItsVersion() {
    var expansion =
        as("commissioner")
            .get("/ValueSet/efi-memory-cognitive-problems/$expand")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    // Its own codes and every code of dementia-conditions (Alzheimer's disease among them).
    assertThat(expansion.getList("expansion.contains.code", String.class))
        .contains("386807006", "386806002", "52448006", "26929004", "230265002", "429998004");
    assertThat(expansion.getString("version")).isEqualTo("0.2.0");
    assertThat(expansion.getString("status")).isEqualTo("draft");
    assertThat(expansion.getList("expansion.parameter.valueUri", String.class))
        .contains("https://fhir.carepath.org/ValueSet/dementia-conditions|0.2.0");
  }

  @Test
  void theCopdValueSetHoldsTheCodesGpSystemsUse() {
    List<String> codes =
        as("gp")
            .queryParam("url", "https://fhir.carepath.org/ValueSet/copd-conditions")
            .get("/ValueSet/$expand")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("expansion.contains.code", String.class);
    assertThat(codes).contains("13645005", "185086009", "87433001");
  }

  @Test
  void lookupAndValidateCodeWorkOffline() {
    as("gp")
        .queryParam("system", "https://fhir.carepath.org/CodeSystem/pathway")
        .queryParam("code", "hot-clinic")
        .get("/CodeSystem/$lookup")
        .then()
        .statusCode(200)
        .body(containsString("Respiratory HOT clinic"));

    assertThat(validateCode("87433001")).isTrue();
    assertThat(validateCode("44054006")).isFalse();
  }

  @Test
  void validateOperationChecksAgainstAProfileOffline() {
    String patient =
        "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"9434765918\"}],\"generalPractitioner\":[{\"reference\":\"Organization/demo-practice-1\"}]}";
    String outcome =
        as("gp")
            .queryParam("profile", "https://fhir.carepath.org/StructureDefinition/carepath-patient")
            .body(patient)
            .post("/Patient/$validate")
            .then()
            .extract()
            .asString();
    assertThat(outcome).contains("OperationOutcome").contains("cp-pat-2").contains("birthDate");
  }

  @Test
  void theCapabilityStatementInstantiatesCarepathsAndListsItsProfiles() {
    JsonPath metadata = anonymous().get("/metadata").then().statusCode(200).extract().jsonPath();
    assertThat(metadata.getList("instantiates", String.class))
        .contains("https://fhir.carepath.org/CapabilityStatement/carepath");
    assertThat(
            metadata.getList(
                "rest[0].resource.find { it.type == 'ServiceRequest' }.supportedProfile",
                String.class))
        .containsExactly("https://fhir.carepath.org/StructureDefinition/carepath-referral");
  }

  private boolean validateCode(String code) {
    return as("gp")
        .queryParam("url", "https://fhir.carepath.org/ValueSet/copd-conditions")
        .queryParam("system", "http://snomed.info/sct")
        .queryParam("code", code)
        .get("/ValueSet/$validate-code")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getBoolean("parameter.find { it.name == 'result' }.valueBoolean");
  }

  private static String path(JsonPath resource) {
    return "/" + resource.getString("resourceType") + "/" + resource.getString("id");
  }
}
