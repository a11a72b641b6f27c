package org.carepath.server.support;

import static io.restassured.RestAssured.given;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.carepath.server.CarepathApplication;
import org.carepath.server.security.DevIssuer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running server for integration tests: the real application on a random port, its embedded
 * PostgreSQL in a fresh folder under target/, the real development issuer on a free loopback port,
 * and the demo population loaded (population runs in chunks of 40 patients). Every IT extends this
 * class, so Spring's context cache gives them one server per test JVM; tests keep apart by using
 * their own identifiers.
 */
// Metrics export as in production (Spring Boot's tests switch it off by default): MetricsIT.
@AutoConfigureObservability(tracing = false)
@SpringBootTest(
    classes = CarepathApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "carepath.security.dev-issuer.port=0",
      "carepath.demo.enabled=true",
      // The demo's played morning (enrolments, referrals, plans) belongs to the web app's own
      // server (WebAppIT); these tests count what they create themselves.
      "carepath.demo.activity=false",
      // Small chunks, so population runs in tests span several chunks.
      "carepath.risk.population.chunk-size=40",
      // The delivery sweep (and turning ended Subscriptions off) within a test's patience.
      "carepath.subscription.sweep-every=5s",
      // Notifications only to the tests' own receivers on loopback.
      "carepath.subscription.allowed-hosts=127.0.0.1,localhost",
      // Referral messages' response messages likewise, retried within a test's patience.
      "carepath.referral.replies.hosts=127.0.0.1,localhost",
      "carepath.referral.replies.first-retry-after=1s",
      "carepath.referral.replies.sweep-every=5s"
    })
public abstract class ServerTestSupport {

  /** Fresh for each test JVM, so nothing from an earlier run can make a test pass. */
  private static final Path DATA_DIR = freshDataDir();

  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

  @LocalServerPort protected int port;

  @Autowired protected DevIssuer devIssuer;

  @Autowired protected FhirContext fhirContext;

  /** The loopback port the ITs' NDJSON file server listens on: {@code $import}'s allowed source. */
  public static final int IMPORT_FILES_PORT = freeImportPort();

  /** Where the ITs' NDJSON files are served from (the one source {@code $import} allows). */
  public static String importSource() {
    return "http://127.0.0.1:" + IMPORT_FILES_PORT + "/ndjson/";
  }

  @DynamicPropertySource
  static void storage(DynamicPropertyRegistry registry) {
    registry.add("carepath.storage.data-dir", DATA_DIR::toString);
    registry.add("carepath.bulk-import.allowed-sources", ServerTestSupport::importSource);
  }

  private static int freeImportPort() {
    try {
      return ServerProcess.freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path freshDataDir() {
    try {
      Path target = Path.of("target");
      Files.createDirectories(target);
      return Files.createTempDirectory(target.toAbsolutePath(), "it-data-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  protected String fhirBase() {
    return "http://localhost:" + port + "/fhir";
  }

  /** A token for a demo user, from the development issuer's token endpoint (password grant). */
  protected String tokenFor(String username) {
    return TOKENS.computeIfAbsent(
        devIssuer.tokenEndpoint() + "|" + username,
        key -> Tokens.passwordGrant(devIssuer.tokenEndpoint(), username));
  }

  /** A system's token (client credentials), as a GP system signs in: {@code gp-system}. */
  protected String systemTokenFor(String clientId) {
    return TOKENS.computeIfAbsent(
        devIssuer.tokenEndpoint() + "|client|" + clientId,
        key -> Tokens.clientCredentials(devIssuer.tokenEndpoint(), clientId));
  }

  /** A REST Assured request to the FHIR API as the given system (client credentials). */
  protected RequestSpecification asSystem(String clientId) {
    return given()
        .baseUri(fhirBase())
        .auth()
        .oauth2(systemTokenFor(clientId))
        .contentType("application/fhir+json")
        .accept("application/fhir+json");
  }

  /** A REST Assured request to the FHIR API as the given demo user. */
  protected RequestSpecification as(String username) {
    return given()
        .baseUri(fhirBase())
        .auth()
        .oauth2(tokenFor(username))
        .contentType("application/fhir+json")
        .accept("application/fhir+json");
  }

  /**
   * How many resources a search finds for the given user, counted over every page: {@code
   * searchTotal("gp", "Patient", "identifier", "system|value")}. (Carepath answers no {@code total}
   * and refuses {@code _summary=count}: a count would include records the user may not see.)
   */
  protected int searchTotal(String username, String type, Object... nameValuePairs) {
    RequestSpecification request = as(username).queryParam("_count", 200);
    for (int i = 0; i + 1 < nameValuePairs.length; i += 2) {
      request = request.queryParam(String.valueOf(nameValuePairs[i]), nameValuePairs[i + 1]);
    }
    io.restassured.path.json.JsonPath page =
        request.get("/" + type).then().statusCode(200).extract().jsonPath();
    int found = 0;
    while (true) {
      found += entries(page);
      String next = page.getString("link.find { it.relation == 'next' }.url");
      if (next == null) {
        return found;
      }
      page = as(username).get(next).then().statusCode(200).extract().jsonPath();
    }
  }

  /** The number of entries in a Bundle. */
  protected static int entries(io.restassured.path.json.JsonPath bundle) {
    java.util.List<Object> entries = bundle.getList("entry");
    return entries == null ? 0 : entries.size();
  }

  /**
   * The demo GP working at {@code practice} ({@code Organization/demo-practice-N} or its id): the
   * one who may register and see that practice's patients.
   */
  protected static String gpAt(String practice) {
    String id = practice.substring(practice.lastIndexOf('/') + 1);
    switch (id) {
      case "demo-practice-1":
        return "gp";
      case "demo-practice-2":
        return "gp-moorland";
      case "demo-practice-3":
        return "gp-riverside";
      case "demo-practice-4":
        return "gp-bridge-street";
      case "demo-practice-5":
        return "gp-southfields";
      case "demo-practice-6":
        return "gp-meadow-lane";
      default:
        throw new IllegalArgumentException("No demo GP at " + practice);
    }
  }

  /** Creates {@code body} as {@code username} with POST /{@code type}; answers the new id. */
  protected String created(String username, String type, String body) {
    return as(username).body(body).post("/" + type).then().statusCode(201).extract().path("id");
  }

  /** A new patient registered at {@code practice}, created by its GP; answers the id. */
  protected String newPatient(String birthDate, String family, String practice) {
    return created(
        gpAt(practice),
        "Patient",
        JsonFixture.of(
            "/support/patient.json",
            Map.of("birthDate", birthDate, "family", family, "practice", practice)));
  }

  /** A request with no token at all. */
  protected RequestSpecification anonymous() {
    return given().baseUri(fhirBase()).accept(ContentType.JSON);
  }

  /** The HAPI generic client as a GP system would use it, signed in as the given user. */
  protected IGenericClient clientAs(String username) {
    fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    IGenericClient client = fhirContext.newRestfulGenericClient(fhirBase());
    client.registerInterceptor(new BearerTokenAuthInterceptor(tokenFor(username)));
    return client;
  }

  /** A valid NHS number in the test range (999…), random so tests do not collide. */
  protected static String testNhsNumber() {
    var random = java.util.concurrent.ThreadLocalRandom.current();
    while (true) {
      String nine = String.format("999%06d", random.nextInt(1_000_000));
      var check = org.carepath.coordination.patient.NhsNumber.checkDigitFor(nine);
      if (check.isPresent()) {
        return nine + check.get();
      }
    }
  }

  /** An identifier value no other test uses. */
  protected static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }
}
