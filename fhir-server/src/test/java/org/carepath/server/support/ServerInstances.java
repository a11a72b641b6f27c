package org.carepath.server.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carepath.server.CarepathApplication;
import org.carepath.server.security.DevIssuer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Servers a test starts and stops itself (restarts, replicas): the application on a free port, its
 * embedded PostgreSQL in {@code dataDir}, its own development issuer, no demo (nor the demo's
 * played activity) unless asked.
 */
public final class ServerInstances {

  private ServerInstances() {}

  /** Starts a server; {@code more} are {@code --name=value} settings that win over the defaults. */
  public static ConfigurableApplicationContext start(Path dataDir, String... more) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String argument :
        List.of(
            "--server.port=0",
            "--carepath.security.dev-issuer.port=0",
            "--carepath.demo.enabled=false",
            // The demo's played morning waits for its population run: minutes on a replica
            // started with scheduled work off.
            "--carepath.demo.activity=false",
            "--carepath.storage.data-dir=" + dataDir)) {
      settings.put(argument.substring(0, argument.indexOf('=')), argument);
    }
    for (String argument : more) {
      settings.put(argument.substring(0, argument.indexOf('=')), argument);
    }
    // Command-line arguments outrank application.yaml (builder "properties" would not).
    return new SpringApplicationBuilder(CarepathApplication.class)
        .run(settings.values().toArray(String[]::new));
  }

  public static String fhirBase(ConfigurableApplicationContext context) {
    return "http://localhost:"
        + context.getEnvironment().getProperty("local.server.port")
        + "/fhir";
  }

  /** Creates a resource as the token's user; answers its id (fails unless 201). */
  public static String create(
      ConfigurableApplicationContext server, String token, String path, String body) {
    return io.restassured.RestAssured.given()
        .baseUri(fhirBase(server))
        .auth()
        .oauth2(token)
        .contentType("application/fhir+json")
        .body(body)
        .post(path)
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** A token for a demo user from the server's own development issuer. */
  public static String token(ConfigurableApplicationContext context, String username) {
    return Tokens.passwordGrant(context.getBean(DevIssuer.class).tokenEndpoint(), username);
  }
}
