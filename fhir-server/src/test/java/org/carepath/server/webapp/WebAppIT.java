package org.carepath.server.webapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.carepath.server.security.DevIssuer;
import org.carepath.server.support.Browser;
import org.carepath.server.support.ServerInstances;
import org.carepath.server.support.ServerTestSupport;
import org.carepath.server.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web app in a real browser (Debian's Chromium, headless) against a running server with the
 * demo world and its played morning: each role signs in at the issuer and walks its journey, two
 * journeys by keyboard only, axe-core's WCAG 2.2 AA scan of each screen state, a 320 px viewport
 * without horizontal scrolling. What the app shows is checked against the API, as the same user.
 */
class WebAppIT {

  private static ConfigurableApplicationContext server;
  private static String appBase;
  private static String tokenEndpoint;

  @BeforeAll
  static void start() {
    Browser.requireInstalled();
    Path data = ServerTestSupport.freshDataDir();
    server =
        ServerInstances.start(
            data, "--carepath.demo.enabled=true", "--carepath.demo.activity=true");
    appBase = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
    tokenEndpoint = server.getBean(DevIssuer.class).tokenEndpoint();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static RequestSpecification as(String user) {
    return given()
        .baseUri(appBase + "/fhir")
        .auth()
        .oauth2(Tokens.passwordGrant(tokenEndpoint, user))
        .contentType("application/fhir+json")
        .accept("application/fhir+json");
  }

  private static void assertAccessible(Browser browser, String state) {
    assertThat(browser.accessibilityViolations())
        .as("WCAG 2.2 AA violations on " + state)
        .isEmpty();
  }

  @Test
  void signInPageSaysWhatCarepathIsAndPassesTheAccessibilityScan() {
    try (Browser browser = new Browser(appBase)) {
      browser.open("/");
      browser.waitForElement(By.id("sign-in"));
      assertThat(browser.driver().getCurrentUrl()).endsWith("/app/");
      assertThat(browser.text()).contains("One shared care plan per person");
      assertAccessible(browser, "the sign-in page");
      browser.screenshot("sign-in");
    }
  }

  @Test
  void smartConfigurationTellsAnAppHowToSignInWithoutAToken() {
    JsonPath smart =
        given()
            .get(appBase + "/fhir/.well-known/smart-configuration")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(smart.getList("code_challenge_methods_supported")).containsExactly("S256");
    assertThat(smart.getList("capabilities")).contains("launch-standalone", "client-public");
    assertThat(smart.getString("token_endpoint")).isEqualTo(tokenEndpoint);
    // Its authorization endpoint is the issuer's sign-in page, for the code flow with PKCE.
    String page =
        given()
            .queryParam("client_id", "carepath-web")
            .queryParam("response_type", "code")
            .queryParam("redirect_uri", appBase + "/app/")
            .queryParam("scope", "openid")
            .queryParam("state", "s")
            .queryParam("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
            .queryParam("code_challenge_method", "S256")
            .get(smart.getString("authorization_endpoint"))
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(page).contains("Choose a demo user", "sign-in-care-coordinator");
    // The rest of /fhir still needs a token.
    given().get(appBase + "/fhir/Patient").then().statusCode(401);
  }

  @Test
  void coordinatorCompletesAnOverdueStepFromTheWorklist() {
    try (Browser browser = new Browser(appBase)) {
      browser.signIn("care-coordinator");
      assertThat(browser.waitForElement(By.id("signed-in-as")).getText())
          .contains("Sam Patel", "Care coordinator", "Peak Edge PCN");
      browser.waitForElement(By.id("worklist-counts"));
      assertAccessible(browser, "the coordinator's worklist");
      browser.screenshot("worklist");

      WebElement overdue =
          browser.waitFor(
              d ->
                  d.findElements(By.cssSelector("tr[id^=step-]")).stream()
                      .filter(row -> row.getText().contains("Overdue"))
                      .findFirst()
                      .orElse(null));
      String taskId = overdue.getAttribute("id").substring("step-".length());
      overdue.findElement(By.cssSelector("button[data-action=complete]")).click();
      assertThat(browser.waitForElement(By.id("worklist-message")).getText()).contains("completed");

      assertThat(as("care-coordinator").get("/Task/" + taskId).jsonPath().getString("status"))
          .isEqualTo("completed");
      browser.waitFor(d -> d.findElements(By.id("step-" + taskId)).isEmpty());
    }
  }

  @Test
  void serviceAcceptsAReferralAndTheReferrersSentListShowsIt() {
    String taskId;
    try (Browser nurse = new Browser(appBase)) {
      nurse.signIn("community-nurse");
      nurse.open("/app/#/referrals/inbox");
      WebElement first = nurse.waitForElement(By.cssSelector("#inbox tbody tr"));
      assertThat(nurse.text()).contains("Breaching");
      assertAccessible(nurse, "a service's referral inbox");
      nurse.screenshot("referral-inbox");
      taskId = first.getAttribute("id").substring("referral-".length());
      first.findElement(By.cssSelector("button[data-action=accept]")).click();
      assertThat(nurse.waitForElement(By.id("inbox-message")).getText()).contains("accepted");
    }
    assertThat(as("community-nurse").get("/Task/" + taskId).jsonPath().getString("status"))
        .isEqualTo("accepted");

    try (Browser gp = new Browser(appBase)) {
      gp.signIn("gp");
      gp.open("/app/#/referrals/sent");
      WebElement row = gp.waitForElement(By.id("sent-" + taskId));
      assertThat(row.getText()).contains("Accepted");
      assertThat(gp.text()).contains("Advice given", "Awaiting acceptance");
      assertAccessible(gp, "a practice's sent referrals");
      gp.screenshot("sent-referrals");
    }
  }

  @Test
  void aCoordinatorRoutesAnUnroutableReferralToAService() {
    try (Browser browser = new Browser(appBase)) {
      browser.signIn("care-coordinator");
      browser.open("/app/#/referrals/inbox");
      WebElement row = browser.waitForElement(By.cssSelector("#unroutable tbody tr"));
      String taskId = row.getAttribute("id").substring("unroutable-".length());
      assertAccessible(browser, "the unroutable referrals");
      new Select(row.findElement(By.tagName("select")))
          .selectByVisibleText("Community respiratory team");
      row.findElement(By.cssSelector("button[type=submit]")).click();
      assertThat(browser.waitForElement(By.id("inbox-message")).getText()).contains("routed");
      JsonPath task = as("care-coordinator").get("/Task/" + taskId).jsonPath();
      assertThat(task.getString("owner.reference")).isEqualTo("Organization/demo-community-trust");
      assertThat(task.getString("businessStatus")).isNull();
      browser.waitFor(d -> d.findElements(By.id("unroutable-" + taskId)).isEmpty());
    }
  }

  @Test
  void mdtMemberEditsTheirPartAndAConcurrentChangeIsShownNotOverwritten() {
    String patient = endOfLifePatient();
    String section = sectionOf(patient, "Organization/demo-community-trust");
    try (Browser browser = new Browser(appBase)) {
      browser.signIn("community-nurse");
      browser.open("/app/#/patient/" + patient);
      browser.waitForElement(By.id("care-team"));
      // The banner: NHS number 3-3-4 and the DNACPR alert.
      assertThat(browser.waitForElement(By.id("banner-nhs")).getText())
          .matches("\\d{3} \\d{3} \\d{4}");
      assertThat(browser.waitForElement(By.id("banner-alert")).getText()).contains("DNACPR");
      assertThat(browser.text())
          .contains("What matters to me", "To stay at home with my cat", "What to do in a crisis")
          .contains("Community nursing", "Adult social care", "End of life care");
      assertAccessible(browser, "the shared care plan");
      browser.screenshot("shared-care-plan");

      browser.waitForElement(By.id("edit-section")).click();
      WebElement note = browser.waitForElement(By.id("section-note"));
      note.clear();
      note.sendKeys("Visits moved to Tuesdays and Fridays.");

      // Meanwhile a colleague saves the same part.
      Map<String, Object> current =
          as("community-nurse").get("/CarePlan/" + section).jsonPath().getMap("");
      String theirs = "Colleague: syringe driver started today.";
      JsonPath changed =
          new JsonPath(
              as("community-nurse")
                  .header(
                      "If-Match",
                      "W/\"" + ((Map<?, ?>) current.get("meta")).get("versionId") + "\"")
                  .body(withNote(current, theirs))
                  .put("/CarePlan/" + section)
                  .then()
                  .statusCode(200)
                  .extract()
                  .asString());
      assertThat(changed.getString("note[0].text")).isEqualTo(theirs);

      browser.driver().findElement(By.cssSelector("#section-form button[type=submit]")).click();
      WebElement conflict = browser.waitForElement(By.id("conflict"));
      assertThat(conflict.getText()).contains(theirs);
      assertThat(browser.focused().getAttribute("class")).contains("nhsuk-error-summary");
      assertThat(
              as("community-nurse")
                  .get("/CarePlan/" + section)
                  .jsonPath()
                  .getString("note[0].text"))
          .as("the colleague's save is not overwritten")
          .isEqualTo(theirs);
      assertAccessible(browser, "the edit conflict");
      browser.screenshot("section-conflict");

      // Having seen their version, the nurse saves theirs over it.
      browser.driver().findElement(By.cssSelector("#section-form button[type=submit]")).click();
      browser.waitFor(d -> d.getPageSource().contains("Your organisation's part was saved"));
      assertThat(
              as("community-nurse")
                  .get("/CarePlan/" + section)
                  .jsonPath()
                  .getString("note[0].text"))
          .isEqualTo("Visits moved to Tuesdays and Fridays.");
    }
  }

  @Test
  void whatMattersIsAddedInThePersonsWordsWithoutLosingAConcurrentChangeToThePlan() {
    String patient = endOfLifePatient();
    try (Browser browser = new Browser(appBase)) {
      browser.signIn("gp");
      browser.open("/app/#/patient/" + patient);
      browser.waitForElement(By.id("add-goal")).click();
      browser
          .waitForElement(By.id("goal-words"))
          .sendKeys("To be at my granddaughter's wedding in May.");

      // Meanwhile a colleague adds to the crisis plan (the plan's next version).
      Map<String, Object> plan = sharedPlan(patient);
      List<Object> activity =
          new java.util.ArrayList<>((List<?>) plan.getOrDefault("activity", List.of()));
      activity.add(
          Map.of(
              "detail",
              Map.of(
                  "kind",
                  "Task",
                  "status",
                  "not-started",
                  "description",
                  "Oxygen at home: 2 L/min.")));
      Map<String, Object> changed = new java.util.LinkedHashMap<>(plan);
      changed.put("activity", activity);
      as("gp")
          .header("If-Match", "W/\"" + ((Map<?, ?>) plan.get("meta")).get("versionId") + "\"")
          .body(json(changed))
          .put("/CarePlan/" + plan.get("id"))
          .then()
          .statusCode(200);

      browser.driver().findElement(By.cssSelector("#goal-form button[type=submit]")).click();
      browser.waitFor(d -> d.getPageSource().contains("To be at my granddaughter"));
      Map<String, Object> after = sharedPlan(patient);
      assertThat(json(after)).contains("Oxygen at home: 2 L/min.");
      List<?> goals = (List<?>) after.get("goal");
      String newest = (String) ((Map<?, ?>) goals.get(goals.size() - 1)).get("reference");
      JsonPath goal = as("gp").get("/" + newest).jsonPath();
      assertThat(goal.getString("description.text"))
          .isEqualTo("To be at my granddaughter's wedding in May.");
      assertThat(goal.getString("expressedBy.reference")).isEqualTo("Patient/" + patient);
    }
  }

  @Test
  void commissionerSeesTheKpiDashboardWithSmallNumbersWithheld() {
    try (Browser browser = new Browser(appBase)) {
      browser.signIn("commissioner");
      WebElement table = browser.waitForElement(By.id("kpi-table"));
      browser.waitForElement(By.id("trend"));
      // The demo's care home resident is Moorland's: every practice's figures, small ones withheld.
      assertThat(table.getText()).contains("withheld", "Moorland Medical Centre");
      assertThat(browser.waitForElement(By.id("bar-chart")).getAttribute("role")).isEqualTo("img");
      assertThat(browser.driver().findElement(By.id("csv")).getAttribute("href"))
          .startsWith("data:text/csv");
      assertAccessible(browser, "the KPI dashboard");
      browser.screenshot("kpis");

      // For one PCN: the practices outside it are not in the table, and the choice is in the URL.
      new Select(browser.driver().findElement(By.id("area")))
          .selectByVisibleText("Southfields PCN");
      browser.driver().findElement(By.cssSelector("form.cp-filters button[type=submit]")).click();
      browser.waitFor(d -> d.getCurrentUrl().contains("area=demo-pcn-3"));
      // (Waits until the table is the PCN's: were the choice ignored, Moorland would stay.)
      browser.waitFor(
          d ->
              d.findElements(By.id("kpi-table")).stream()
                  .filter(t -> !t.getText().contains("Moorland Medical Centre"))
                  .findFirst()
                  .orElse(null));
    }
  }

  @Test
  void aGpFindsAPatientByNhsNumberWithTheKeyboardOnly() {
    String nhsNumber = nhsNumberOf(endOfLifePatient());
    try (Browser browser = new Browser(appBase)) {
      browser.signIn("gp");
      browser.waitForElement(By.id("nhs"));
      // A wrong number first: the error summary takes focus and names the field.
      browser.tabTo(e -> "nhs".equals(e.getAttribute("id")));
      browser.keys("1234567890", Keys.ENTER);
      browser.waitFor(d -> browser.focused().getAttribute("class").contains("nhsuk-error-summary"));
      assertThat(browser.focused().getText()).contains("Enter a valid 10-digit NHS number");
      assertAccessible(browser, "find a patient with an error");
      browser.screenshot("find-patient-error");

      browser.tabTo(e -> "nhs".equals(e.getAttribute("id")));
      browser.keys(Keys.END);
      for (int i = 0; i < 10; i++) {
        browser.keys(Keys.BACK_SPACE);
      }
      browser.keys(nhsNumber, Keys.ENTER);
      browser.waitForElement(By.id("patient-results"));
      assertAccessible(browser, "find a patient's results");
      browser.screenshot("find-patient");
      browser.tabTo(
          e -> "a".equals(e.getTagName()) && e.getAttribute("href").contains("#/patient/"));
      browser.keys(Keys.ENTER);
      assertThat(browser.waitForElement(By.id("banner-nhs")).getText().replace(" ", ""))
          .isEqualTo(nhsNumber);
    }
  }

  @Test
  void aCoordinatorClaimsAndCompletesWithTheKeyboardOnly() {
    try (Browser browser = new Browser(appBase)) {
      browser.signIn("care-coordinator");
      browser.waitForElement(By.cssSelector("button[data-action=complete]"));
      WebElement complete = browser.tabTo(e -> "complete".equals(e.getAttribute("data-action")));
      String row = complete.findElement(By.xpath("ancestor::tr")).getAttribute("id");
      browser.keys(Keys.ENTER);
      assertThat(browser.waitForElement(By.id("worklist-message")).getText()).contains("completed");
      String taskId = row.substring("step-".length());
      assertThat(as("care-coordinator").get("/Task/" + taskId).jsonPath().getString("status"))
          .isEqualTo("completed");
    }
  }

  @Test
  void aPatientTheUserMayNotSeeIsNotShownAndAForbiddenCallSaysSo() {
    String hillsidePatient = endOfLifePatient();
    try (Browser browser = new Browser(appBase)) {
      // Moorland's GP has no relationship with a Hillside patient: the API answers 404.
      browser.signIn("gp-moorland");
      browser.open("/app/#/patient/" + hillsidePatient);
      assertThat(browser.waitForElement(By.cssSelector(".nhsuk-error-summary")).getText())
          .contains("No record found that you may see");
      assertThat(browser.text()).doesNotContain("To stay at home with my cat");
    }
    try (Browser browser = new Browser(appBase)) {
      // A commissioner has no patient-level reads: the API's 403 is "you do not have access".
      browser.signIn("commissioner");
      browser.open("/app/#/patients?nhs=" + nhsNumberOf(hillsidePatient));
      assertThat(browser.waitForElement(By.cssSelector(".nhsuk-error-summary")).getText())
          .contains("You do not have access");
      assertAccessible(browser, "a refusal");
    }
  }

  @Test
  void aLaunchWithAnNhsNumberOpensThatPatientAfterSignIn() {
    String patient = endOfLifePatient();
    try (Browser browser = new Browser(appBase)) {
      // As an EHR launches it: this server's base as iss, an opaque launch, the NHS number.
      browser.open(
          "/launch?iss=" + appBase + "/fhir&launch=ehr-context-1&nhs=" + nhsNumberOf(patient));
      browser.waitForElement(By.id("sign-in-gp"));
      assertThat(browser.driver().getCurrentUrl())
          .as("the authorization request carries the launch and the audience")
          .contains(
              "launch=ehr-context-1",
              "aud="
                  + java.net.URLEncoder.encode(
                      appBase + "/fhir", java.nio.charset.StandardCharsets.UTF_8),
              "code_challenge_method=S256");
      browser.driver().findElement(By.id("sign-in-gp")).click();
      browser.waitForElement(By.id("care-team"));
      assertThat(browser.driver().getCurrentUrl()).endsWith("#/patient/" + patient);

      // Launched for another server: refused, nothing opened.
      browser.open("/launch?iss=https://elsewhere.example/fhir&nhs=" + nhsNumberOf(patient));
      assertThat(browser.waitForElement(By.cssSelector(".nhsuk-error-summary")).getText())
          .contains("launched for another FHIR server");
    }
  }

  @Test
  void everyScreenReflowsAt320PixelsWithoutScrollingSideways() {
    String patient = endOfLifePatient();
    try (Browser browser = new Browser(appBase)) {
      browser.signIn("care-coordinator");
      browser.open("/app/#/population");
      browser.waitFor(
          d ->
              !d.findElements(By.id("gaps")).isEmpty()
                  || d.getPageSource().contains("No care gaps found"));
      assertAccessible(browser, "the population screen");
      browser.screenshot("population");
      browser.resize(320, 900);
      assertThat(browser.innerWidth()).isEqualTo(320);
      for (var screen :
          List.of(
              Map.entry("#/worklist", "worklist-counts"),
              Map.entry("#/patient/" + patient, "care-team"),
              Map.entry("#/patients", "nhs"),
              Map.entry("#/kpis", "kpi-table"),
              Map.entry("#/population", "start-run"))) {
        browser.open("/app/" + screen.getKey());
        browser.waitForElement(By.id(screen.getValue()));
        assertThat(browser.scrollsHorizontally()).as(screen.getKey() + " at 320 px").isFalse();
        assertAccessible(browser, screen.getKey() + " at 320 px");
      }
      browser.open("/app/#/patient/" + patient);
      browser.waitForElement(By.id("care-team"));
      browser.screenshot("shared-care-plan-320px");
    }
  }

  private static String endOfLifePatient() {
    JsonPath plans =
        as("gp")
            .queryParam("pathway", "https://fhir.carepath.org/PlanDefinition/end-of-life")
            .queryParam("status", "active")
            .get("/CarePlan")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    String subject = plans.getString("entry[0].resource.subject.reference");
    assertThat(subject).as("the demo's end-of-life patient").isNotNull();
    return subject.substring("Patient/".length());
  }

  private static String nhsNumberOf(String patient) {
    return as("gp")
        .get("/Patient/" + patient)
        .jsonPath()
        .getString("identifier.find { it.system == 'https://fhir.nhs.uk/Id/nhs-number' }.value");
  }

  private static String sectionOf(String patient, String organisation) {
    JsonPath sections =
        as("community-nurse")
            .queryParam("subject", "Patient/" + patient)
            .queryParam(
                "category",
                "https://fhir.carepath.org/CodeSystem/care-plan-category|care-plan-section")
            .get("/CarePlan")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    String id =
        sections.getString(
            "entry.find { it.resource.author.reference == '" + organisation + "' }.resource.id");
    assertThat(id).as("the demo's section by " + organisation).isNotNull();
    return id;
  }

  private static Map<String, Object> sharedPlan(String patient) {
    return as("gp")
        .queryParam("subject", "Patient/" + patient)
        .queryParam(
            "category", "https://fhir.carepath.org/CodeSystem/care-plan-category|shared-care-plan")
        .queryParam("status", "active")
        .get("/CarePlan")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getMap("entry[0].resource");
  }

  private static String withNote(Map<String, Object> carePlan, String text) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(carePlan);
    copy.put("note", List.of(Map.of("text", text)));
    return json(copy);
  }

  private static String json(Object value) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
