package org.carepath.server.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pathway KPIs through {@code Measure/[id]/$evaluate-measure}, as a commissioner's system would
 * read them, over journeys made through the FHIR API. Each test registers its patients with a
 * practice of its own, so the counts are exactly its patients'.
 */
class PathwayKpiIT extends PathwayCalls {

  private static final String HOME = "264362003";
  private static final String HOSPITAL = "22232009";
  private static final String PALLIATIVE_CARE = "103735009";

  private String practice;

  @BeforeEach
  void practiceOfItsOwn() {
    practice = newPractice();
  }

  @Test
  void aDeathInThePreferredPlaceCountsAndOneElsewhereDoesNot() {
    String athome = onEndOfLifePathway();
    String elsewhere = onEndOfLifePathway();
    String noPreference = onEndOfLifePathway();
    preference(athome, "preferred-place-of-death", HOME);
    preference(elsewhere, "preferred-place-of-death", HOME);

    die(athome);
    preference(athome, "actual-place-of-death", HOME);
    die(elsewhere);
    preference(elsewhere, "actual-place-of-death", HOSPITAL);
    die(noPreference);
    preference(noPreference, "actual-place-of-death", HOSPITAL);

    // Recording the place of death is the last step: the shared plan completes.
    Map<String, Object> placeOfDeath = awaitStep(athome, "eol-place-of-death", "ready");
    complete(placeOfDeath, null);
    assertThat(
            searchTotal(CARER, "CarePlan", "subject", "Patient/" + athome, "status", "completed"))
        .isEqualTo(1);

    JsonPath report = evaluate("end-of-life-died-in-preferred-place", practice);
    assertThat(count(report, "denominator")).isEqualTo(2);
    assertThat(count(report, "numerator")).isEqualTo(1);
    assertThat(report.getFloat("group[0].measureScore.value")).isEqualTo(0.5f);
    assertThat(report.getString("group[0].stratifier[0].stratum[0].value.text"))
        .isEqualTo(practice);
    assertThat(report.getString("reporter.reference")).isEqualTo(practice);

    // The PCN's report includes this practice's deaths (and any of its other practices').
    assertThat(
            count(
                evaluate("end-of-life-died-in-preferred-place", "Organization/demo-pcn-1"),
                "denominator"))
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void aPcspAgreedInTimeCountsAndOneNeverStartedPastItsDueDateDoesNot() {
    String onTime = patient("1938-02-02", practice);
    JsonPath enrolled = enrol(onTime, "care-homes", "Organization/demo-care-home-1", null);
    complete(task(enrolled, "care-home-assessment"), null);
    complete(current(task(enrolled, "care-home-pcsp")), null);

    // Admitted three weeks ago; the assessment (and so the PCSP) never happened.
    String late = patient("1936-06-06", practice);
    enrol(
        late,
        "care-homes",
        "Organization/demo-care-home-2",
        Instant.now().minus(Duration.ofDays(21)).toString());

    JsonPath report = evaluate("care-homes-pcsp-within-7-working-days", practice);
    assertThat(count(report, "denominator")).isEqualTo(1);
    assertThat(count(report, "numerator")).isZero();
    // The PCSP agreed today is due in 7 working days — in the period only if the period covers
    // it: evaluate up to a month ahead.
    JsonPath ahead = evaluate("care-homes-pcsp-within-7-working-days", practice, 30, 30);
    assertThat(count(ahead, "denominator")).isEqualTo(2);
    assertThat(count(ahead, "numerator")).isEqualTo(1);

    // Both residents' enrolments run; one has had the medication review.
    complete(current(task(enrolled, "care-home-medication-review")), null);
    JsonPath reviews = evaluate("care-homes-medication-review", practice);
    assertThat(count(reviews, "denominator")).isEqualTo(2);
    assertThat(count(reviews, "numerator")).isEqualTo(1);
  }

  @Test
  void aHotClinicDischargeHomeCountsAsAdmissionAvoided() {
    String discharged = patient("1949-03-03", practice);
    condition(discharged, "13645005");
    JsonPath first = enrol(discharged, "hot-clinic", null, null);
    complete(task(first, "hot-clinic-accept"), null);
    complete(current(task(first, "hot-clinic-review")), null);
    complete(current(task(first, "hot-clinic-outcome")), "discharged-home");

    String admitted = patient("1947-04-04", practice);
    condition(admitted, "13645005");
    JsonPath second = enrol(admitted, "hot-clinic", null, null);
    complete(task(second, "hot-clinic-accept"), null);
    complete(current(task(second, "hot-clinic-review")), null);
    complete(current(task(second, "hot-clinic-outcome")), "admitted");

    JsonPath report = evaluate("hot-clinic-discharged-same-day", practice);
    assertThat(count(report, "denominator")).isEqualTo(2);
    assertThat(count(report, "numerator")).isEqualTo(1);
    JsonPath seen = evaluate("hot-clinic-seen-same-day", practice);
    assertThat(count(seen, "numerator")).isEqualTo(2);

    // Another practice's GP counts none of this practice's patients: KPIs in direct care cover
    // the organisations the caller acts for.
    JsonPath elsewhere =
        evaluateAs("gp-riverside", "hot-clinic-discharged-same-day", practice, 1, 1);
    assertThat(count(elsewhere, "denominator")).isZero();
    assertThat(count(elsewhere, "numerator")).isZero();

    // A commissioner gets the same report with the counts under 5 withheld, and the score with
    // them: each marked data-absent-reason "masked".
    JsonPath withheld =
        evaluateAs("commissioner", "hot-clinic-discharged-same-day", practice, 1, 1);
    String denominator = "group[0].population.find { it.code.coding[0].code == 'denominator' }";
    assertThat(withheld.getString(denominator + ".count")).isNull();
    assertThat(withheld.getString(denominator + "._count.extension[0].valueCode"))
        .isEqualTo("masked");
    assertThat(withheld.getString("group[0].measureScore.value")).isNull();
    assertThat(withheld.getString("group[0].measureScore.extension[0].valueCode"))
        .isEqualTo("masked");
  }

  @Test
  void badRequestsGetAClear4xx() {
    as("commissioner")
        .get(
            "/Measure/hot-clinic-seen-same-day/$evaluate-measure?periodStart=2026-12-01&periodEnd=2026-01-01")
        .then()
        .statusCode(400)
        .body(containsString("periodEnd is before periodStart"));
    as("commissioner")
        .get(
            "/Measure/hot-clinic-seen-same-day/$evaluate-measure?periodStart=2026-01-01&periodEnd=2026-12-31&subject=Patient/1")
        .then()
        .statusCode(400)
        .body(containsString("subject must be Organization"));
    as("commissioner")
        .get(
            "/Measure/hot-clinic-seen-same-day/$evaluate-measure?periodStart=2026-01-01&periodEnd=2026-12-31&subject=Organization/no-such-practice")
        .then()
        .statusCode(404);
    as("commissioner")
        .get("/Measure/no-such-kpi/$evaluate-measure?periodStart=2026-01-01&periodEnd=2026-12-31")
        .then()
        .statusCode(404)
        .body(containsString("OperationOutcome"));
  }

  // --- helpers

  private String onEndOfLifePathway() {
    String patient = patient("1935-05-05", practice);
    condition(patient, PALLIATIVE_CARE); // the palliative care register: the trigger enrols
    awaitEnrolled(patient, "end-of-life");
    return patient;
  }

  private void preference(String patient, String type, String snomed) {
    as(CARER)
        .body(
            "{\"resourceType\":\"Observation\",\"meta\":{\"profile\":[\"https://fhir.carepath.org/StructureDefinition/carepath-eol-preference\"]},"
                + "\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"https://fhir.carepath.org/CodeSystem/eol-preference-type\",\"code\":\""
                + type
                + "\"}]},\"subject\":{\"reference\":\"Patient/"
                + patient
                + "\"},\"effectiveDateTime\":\""
                + Instant.now()
                + "\",\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\""
                + snomed
                + "\"}]}}")
        .post("/Observation")
        .then()
        .statusCode(201);
  }

  private void die(String patient) {
    Map<String, Object> record =
        new LinkedHashMap<>(
            as(CARER)
                .get("/Patient/" + patient)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap(""));
    record.remove("meta");
    record.put("deceasedDateTime", Instant.now().toString());
    as(CARER)
        .body(new ObjectMapper().valueToTree(record).toString())
        .put("/Patient/" + patient)
        .then()
        .statusCode(200);
  }

  private JsonPath evaluate(String measure, String subject) {
    return evaluate(measure, subject, 1, 1);
  }

  /** As PCN 1's coordinator, who gives direct care there and gets exact counts. */
  private JsonPath evaluate(String measure, String subject, int daysBack, int daysAhead) {
    return evaluateAs(CARER, measure, subject, daysBack, daysAhead);
  }

  private JsonPath evaluateAs(
      String user, String measure, String subject, int daysBack, int daysAhead) {
    LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
    return as(user)
        .get(
            "/Measure/"
                + measure
                + "/$evaluate-measure?periodStart="
                + today.minusDays(daysBack + 30)
                + "&periodEnd="
                + today.plusDays(daysAhead)
                + "&subject="
                + subject)
        .then()
        .statusCode(200)
        .body(containsString("MeasureReport"))
        .extract()
        .jsonPath();
  }

  private static int count(JsonPath report, String population) {
    return report.getInt(
        "group[0].population.find { it.code.coding[0].code == '" + population + "' }.count");
  }
}
