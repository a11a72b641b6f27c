package org.carepath.server.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carepath.server.CarepathApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server a benchmark measures: the application in-process on a free port, its embedded
 * PostgreSQL in {@code dataDir}, the development issuer on a free port, the demo organisations and
 * staff without demo patients, warnings-only logging.
 */
final class BenchmarkServer {

  /** The demo world's GP practices, which benchmark patients register with. */
  static final List<String> PRACTICES =
      List.of(
          "Organization/demo-practice-1",
          "Organization/demo-practice-2",
          "Organization/demo-practice-3",
          "Organization/demo-practice-4",
          "Organization/demo-practice-5",
          "Organization/demo-practice-6");

  private BenchmarkServer() {}

  /**
   * Starts the server; {@code settings} are more {@code --name=value} arguments, which win over the
   * defaults of the same name.
   */
  static ConfigurableApplicationContext start(Path dataDir, String... settings) {
    Map<String, String> arguments = new LinkedHashMap<>();
    List<String> all =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--carepath.security.dev-issuer.port=0",
                "--carepath.demo.enabled=true",
                "--carepath.demo.patients=0",
                "--carepath.demo.activity=false",
                "--carepath.storage.data-dir=" + dataDir,
                "--logging.level.root=WARN"));
    all.addAll(List.of(settings));
    for (String argument : all) {
      arguments.put(argument.substring(0, argument.indexOf('=')), argument);
    }
    return new SpringApplicationBuilder(CarepathApplication.class)
        .run(arguments.values().toArray(String[]::new));
  }

  static String fhirBase(ConfigurableApplicationContext server) {
    return "http://localhost:" + server.getEnvironment().getProperty("local.server.port") + "/fhir";
  }

  /**
   * The folder a benchmark's PostgreSQL keeps its data in: {@code benchmark.data} when set (kept
   * between runs, so a large population is loaded once), else a new folder under target.
   */
  static Path dataDir(String prefix) throws IOException {
    String data = System.getProperty("benchmark.data", "");
    return data.isBlank()
        ? Files.createTempDirectory(Path.of("target").toAbsolutePath(), prefix)
        : Files.createDirectories(Path.of(data).toAbsolutePath());
  }
}
