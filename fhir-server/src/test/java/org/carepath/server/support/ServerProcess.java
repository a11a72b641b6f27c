package org.carepath.server.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Carepath server in an operating-system process of its own, so a test can kill it the way a
 * crash does ({@code kill -9}: no shutdown hooks, nothing flushed) and start it again on the same
 * ports and database. Its PostgreSQL is the test's (a server process's own embedded PostgreSQL
 * would outlive it). Output goes to {@code target/<name>.log}.
 */
public final class ServerProcess implements AutoCloseable {

  private static final Duration START_LIMIT = Duration.ofMinutes(3);

  private final List<String> command;
  private final Path log;
  private final int port;
  private final int issuerPort;
  private Process process;

  private ServerProcess(List<String> command, Path log, int port, int issuerPort) {
    this.command = command;
    this.log = log;
    this.port = port;
    this.issuerPort = issuerPort;
  }

  /** Starts a server on free ports, using {@code jdbcUrl}; {@code more} are further settings. */
  public static ServerProcess start(String name, String jdbcUrl, String... more)
      throws IOException, InterruptedException {
    return start(name, List.of("-Xmx768m"), jdbcUrl, more);
  }

  /** As {@link #start(String, String, String...)}, the JVM started with {@code jvmOptions}. */
  public static ServerProcess start(
      String name, List<String> jvmOptions, String jdbcUrl, String... more)
      throws IOException, InterruptedException {
    int port = freePort();
    int issuerPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.carepath.server.CarepathApplication");
    command.add("--server.port=" + port);
    command.add("--carepath.security.dev-issuer.port=" + issuerPort);
    command.add("--spring.datasource.url=" + jdbcUrl);
    command.add("--spring.datasource.username=postgres");
    // Defaults a test's own settings replace (a setting given twice would be read as a list).
    for (String setting :
        List.of(
            "--carepath.demo.enabled=true",
            "--carepath.demo.patients=0",
            "--carepath.demo.activity=false")) {
      String key = setting.substring(0, setting.indexOf('=') + 1);
      if (java.util.Arrays.stream(more).noneMatch(given -> given.startsWith(key))) {
        command.add(setting);
      }
    }
    command.add("--carepath.storage.data-dir=" + Files.createTempDirectory("carepath-process-"));
    command.addAll(List.of(more));
    ServerProcess server =
        new ServerProcess(
            command, Path.of("target", name + ".log").toAbsolutePath(), port, issuerPort);
    server.launch();
    return server;
  }

  private void launch() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    awaitReady();
  }

  /** Kills the process as a crash would (SIGKILL), without waiting for anything to finish. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * Stops the process as an orchestrator does (SIGTERM: a graceful shutdown) and waits for it to
   * exit; killed, and an error, if it has not within {@code limit}.
   */
  public void stop(Duration limit) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("The server did not stop within " + limit);
    }
  }

  /** Starts the server again, same ports and database. */
  public void restart() throws IOException, InterruptedException {
    launch();
  }

  /** The file the process's output goes to (appended across restarts). */
  public Path log() {
    return log;
  }

  public String fhirBase() {
    return "http://127.0.0.1:" + port + "/fhir";
  }

  public String tokenEndpoint() {
    return "http://127.0.0.1:" + issuerPort + "/carepath/token";
  }

  private void awaitReady() throws InterruptedException {
    StartedProcess.awaitReady(
        process,
        "http://127.0.0.1:" + port + "/actuator/health/readiness",
        START_LIMIT,
        "The server",
        log);
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
