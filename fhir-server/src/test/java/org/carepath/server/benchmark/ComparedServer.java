package org.carepath.server.benchmark;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carepath.server.support.ServerProcess;
import org.carepath.server.support.StartedProcess;
import org.carepath.server.support.Tokens;

/**
 * One side of a comparison run: a server in a JVM of its own (the same options for both sides) on a
 * PostgreSQL of its own, started fresh for the run with the same version and settings for both
 * (embedded binaries, {@code max_connections=200}; each server reaches it through Spring Boot's
 * default connection pool). Carepath runs as shipped, everything on, its demo organisations and
 * staff loaded, called with a {@code gp-system} token; plain HAPI gets the same six practice
 * Organizations the records refer to, and no token.
 */
final class ComparedServer implements AutoCloseable {

  /** Which server. */
  enum Side {
    CAREPATH("Carepath"),
    PLAIN_HAPI("plain HAPI");

    final String label;

    Side(String label) {
      this.label = label;
    }
  }

  private static final Duration START_LIMIT = Duration.ofMinutes(4);

  final Side side;
  private final EmbeddedPostgres postgres;
  private final String fhirBase;
  private final String token;
  private final AutoCloseable process;

  private ComparedServer(
      Side side, EmbeddedPostgres postgres, String fhirBase, String token, AutoCloseable process) {
    this.side = side;
    this.postgres = postgres;
    this.fhirBase = fhirBase;
    this.token = token;
    this.process = process;
  }

  /** Starts {@code side}; {@code settings} ({@code --name=value}) apply to Carepath only. */
  static ComparedServer start(Side side, List<String> jvmOptions, String name, String... settings)
      throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), name + "-");
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir.resolve("postgres"))
            .setCleanDataDirectory(true)
            .setServerConfig("max_connections", "200")
            .start();
    String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
    try {
      return side == Side.CAREPATH
          ? carepath(postgres, jdbcUrl, jvmOptions, name, settings)
          : plainHapi(postgres, jdbcUrl, jvmOptions, name);
    } catch (Exception | Error failed) {
      postgres.close();
      throw failed;
    }
  }

  private static ComparedServer carepath(
      EmbeddedPostgres postgres,
      String jdbcUrl,
      List<String> jvmOptions,
      String name,
      String... settings)
      throws Exception {
    // The per-client rate limit stays on (its filter runs) but above what 16 clients reach: one
    // GP system's 200 a second would otherwise be measured, not the server.
    List<String> all =
        new ArrayList<>(
            List.of(
                "--logging.level.root=WARN",
                "--carepath.fhir.rate-limit.per-second=100000",
                "--carepath.fhir.rate-limit.burst=100000"));
    all.addAll(List.of(settings));
    ServerProcess server =
        ServerProcess.start(name, jvmOptions, jdbcUrl, all.toArray(String[]::new));
    String token = Tokens.clientCredentials(server.tokenEndpoint(), "gp-system");
    return new ComparedServer(Side.CAREPATH, postgres, server.fhirBase(), token, server);
  }

  private static ComparedServer plainHapi(
      EmbeddedPostgres postgres, String jdbcUrl, List<String> jvmOptions, String name)
      throws Exception {
    int port = ServerProcess.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PlainHapiServer.class.getName());
    command.add("--server.port=" + port);
    command.add("--spring.datasource.url=" + jdbcUrl);
    command.add("--spring.datasource.username=postgres");
    command.add("--logging.level.root=WARN");
    Path log = Path.of("target", name + ".log").toAbsolutePath();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    String base = "http://127.0.0.1:" + port + "/fhir";
    AutoCloseable stop =
        () -> {
          process.destroy();
          if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        };
    try {
      StartedProcess.awaitReady(process, base + "/metadata", START_LIMIT, "Plain HAPI", log);
      ComparedServer server = new ComparedServer(Side.PLAIN_HAPI, postgres, base, null, stop);
      server.putPractices();
      return server;
    } catch (Exception | Error failed) {
      stop.close();
      throw failed;
    }
  }

  /** The practices the benchmark's records register with and refer to, as Carepath's demo has. */
  private void putPractices() throws Exception {
    HttpClient http = client();
    for (String practice : BenchmarkServer.PRACTICES) {
      String id = practice.substring(practice.indexOf('/') + 1);
      String body =
          "{\"resourceType\":\"Organization\",\"id\":\""
              + id
              + "\",\"active\":true,"
              + "\"name\":\""
              + id
              + "\"}";
      BenchmarkHttp.send(http, request(practice).PUT(bodyOf(body)).build(), 201);
    }
  }

  static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** A request to {@code path} (relative to the FHIR base), with this side's credentials. */
  HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(path.isEmpty() ? fhirBase : fhirBase + "/" + path))
            .timeout(Duration.ofMinutes(2))
            .header("Content-Type", "application/fhir+json")
            .header("Accept", "application/fhir+json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  static HttpRequest.BodyPublisher bodyOf(String body) {
    return HttpRequest.BodyPublishers.ofString(body);
  }

  @Override
  public void close() throws Exception {
    try {
      process.close();
    } finally {
      postgres.close();
    }
  }
}
