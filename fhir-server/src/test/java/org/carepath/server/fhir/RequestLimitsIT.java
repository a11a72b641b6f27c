package org.carepath.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;

/**
 * What a client may send is bounded, as a new user tries it: a string over FHIR's 1 MB, a body over
 * the server's limit (declared or streamed), a Bundle with too many entries, a negative {@code
 * _count} — each refused with its 4xx and an OperationOutcome saying why, and nothing stored.
 */
class RequestLimitsIT extends ServerTestSupport {

  private static final long LIMIT = 64L * 1024 * 1024;

  @Test
  void aStringOverOneMegabyteIs422NamingTheElementAndNothingIsStored() {
    String value = "limits-" + System.nanoTime();
    char[] family = new char[1024 * 1024 + 1];
    Arrays.fill(family, 'a');
    as("gp")
        .body(
            "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\""
                + Fixtures.TEST_SYSTEM
                + "\",\"value\":\""
                + value
                + "\"}],\"name\":[{\"family\":\""
                + new String(family)
                + "\"}]}")
        .post("/Patient")
        .then()
        .statusCode(422)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", containsString("Patient.name.family"));
    assertThat(searchTotal("gp", "Patient", "identifier", Fixtures.TEST_SYSTEM + "|" + value))
        .isZero();
  }

  @Test
  void pagingParametersMustBeWholeNumbers() {
    for (String count : new String[] {"-5", "ten", "1.5"}) {
      as("gp")
          .queryParam("_count", count)
          .get("/Patient")
          .then()
          .statusCode(400)
          .body("resourceType", equalTo("OperationOutcome"))
          .body("issue[0].diagnostics", containsString("_count"));
    }
    as("gp").queryParam("_offset", "-1").get("/Patient").then().statusCode(400);
    as("gp").queryParam("_count", "0").get("/Patient").then().statusCode(200);
  }

  @Test
  void aBundleWithTooManyEntriesIs413() {
    StringBuilder bundle =
        new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    for (int i = 0; i <= 20_000; i++) {
      bundle
          .append(i == 0 ? "" : ",")
          .append(
              "{\"resource\":{\"resourceType\":\"Basic\",\"code\":{\"text\":\"limits\"}},"
                  + "\"request\":{\"method\":\"POST\",\"url\":\"Basic\"}}");
    }
    bundle.append("]}");
    as("gp")
        .body(bundle.toString())
        .post("/")
        .then()
        .statusCode(413)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", containsString("at most 20000 entries"));
  }

  @Test
  void aDeclaredBodyOverTheLimitIs413BeforeItIsRead() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient"))
                    .header("Authorization", "Bearer " + tokenFor("gp"))
                    .header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) LIMIT + 1]))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(answer.body()).contains("OperationOutcome", "at most " + LIMIT);
  }

  @Test
  void aStreamedBodyOverTheLimitIs413() throws Exception {
    // No Content-Length (chunked): counted as it is read, refused at the limit. (A little over
    // it, so the server can read the rest and answer before the client stops sending.)
    long size = LIMIT + 64 * 1024;
    InputStream endless =
        new InputStream() {
          private long sent;

          @Override
          public int read() {
            return sent++ < size ? ' ' : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (sent >= size) {
              return -1;
            }
            int n = (int) Math.min(len, size - sent);
            Arrays.fill(b, off, off + n, (byte) ' ');
            sent += n;
            return n;
          }
        };
    HttpResponse<String> answer;
    try {
      answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient"))
                      .header("Authorization", "Bearer " + tokenFor("gp"))
                      .header("Content-Type", "application/fhir+json")
                      .POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException closed) {
      // The server answered and closed while the client was still sending: also a refusal,
      // but then the 413 cannot be read. Ask it to show the refusal is the limit's.
      throw new AssertionError("The server closed the connection without an answer", closed);
    }
    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(answer.body()).contains("OperationOutcome", "carepath.fhir.max-request-size");
  }
}
