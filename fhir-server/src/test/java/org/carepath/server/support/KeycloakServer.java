package org.carepath.server.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The Keycloak server distribution production runs, unpacked from Maven Central by the build
 * ({@code keycloak.home}), started on loopback in development mode with file storage and the realm
 * that docker/compose.yaml imports ({@code keycloak.realm}), for tests that need a real identity
 * provider. Start-up is bounded; its log is kept in {@code target/keycloak-it.log}.
 */
public final class KeycloakServer implements AutoCloseable {

  /** Secrets and passwords the realm import reads from the environment; test-only values. */
  public static final String GP_SYSTEM_SECRET = "gp-system-" + UUID.randomUUID();

  public static final String DEMO_PASSWORD = "demo-" + UUID.randomUUID();

  public static final String API_SECRET = "carepath-api-" + UUID.randomUUID();
  private static final String ADMIN = "admin";
  private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
  private static final Duration START_LIMIT = Duration.ofMinutes(4);

  private final Process process;
  private final int port;
  private final Path log;

  private KeycloakServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts Keycloak and waits until the realm answers discovery. */
  public static KeycloakServer start() throws IOException, InterruptedException {
    Path home = Path.of(required("keycloak.home"));
    Path realm = Path.of(required("keycloak.realm"));
    // A fresh realm each time: the import skips a realm the file storage already holds.
    deleteTree(home.resolve("data/h2"));
    Path imports = Files.createDirectories(home.resolve("data/import"));
    Files.copy(realm, imports.resolve("carepath-realm.json"), StandardCopyOption.REPLACE_EXISTING);
    int port = freePort();
    Path log = Path.of("target", "keycloak-it.log").toAbsolutePath();
    ProcessBuilder builder =
        new ProcessBuilder(
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--import-realm",
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                "--http-management-port=" + freePort(),
                "--cache=local")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
    env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("CAREPATH_GP_SYSTEM_SECRET", GP_SYSTEM_SECRET);
    env.put("CAREPATH_DEMO_PASSWORD", DEMO_PASSWORD);
    env.put("CAREPATH_API_SECRET", API_SECRET);
    KeycloakServer server = new KeycloakServer(builder.start(), port, log);
    server.awaitReady();
    return server;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String base() {
    return "http://127.0.0.1:" + port;
  }

  /** The issuer of a realm's tokens. */
  public String issuer(String realm) {
    return base() + "/realms/" + realm;
  }

  public String tokenEndpoint(String realm) {
    return issuer(realm) + "/protocol/openid-connect/token";
  }

  /** An access token of the master realm's administrator, for the admin REST API. */
  public String adminToken() {
    return io.restassured.RestAssured.given()
        .formParam("grant_type", "password")
        .formParam("client_id", "admin-cli")
        .formParam("username", ADMIN)
        .formParam("password", ADMIN_PASSWORD)
        .post(tokenEndpoint("master"))
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }

  private void awaitReady() throws InterruptedException {
    try {
      StartedProcess.awaitReady(
          process,
          issuer("carepath") + "/.well-known/openid-configuration",
          START_LIMIT,
          "Keycloak",
          log);
    } catch (IllegalStateException notStarted) {
      close();
      throw notStarted;
    }
  }

  /** Stops Keycloak (the script and the JVM it started). */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          property
              + " is not set: run KeycloakIT through Maven (mvn verify), which unpacks Keycloak");
    }
    return value;
  }

  private static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (var walk = Files.walk(path)) {
      for (Path each : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
