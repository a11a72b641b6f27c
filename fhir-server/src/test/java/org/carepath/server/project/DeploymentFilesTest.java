package org.carepath.server.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.carepath.server.security.CarepathRole;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The container set-up stays in step with the code: compose wires the server to PostgreSQL and
 * Keycloak through the settings the server reads, and the realm defines exactly Carepath's roles
 * and the claims the server expects. ({@code docker-compose -f docker/compose.yaml config} checks
 * the syntax where Docker Compose is installed.)
 */
class DeploymentFilesTest {

  private static final Path DOCKER = Path.of("..", "docker");

  @Test
  @SuppressWarnings("unchecked")
  void composeWiresTheServerToPostgresAndKeycloak() throws IOException {
    Map<String, Object> compose;
    try (Reader reader = Files.newBufferedReader(DOCKER.resolve("compose.yaml"))) {
      compose = new Yaml().load(reader);
    }
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    assertThat(services).containsKeys("postgres", "keycloak", "carepath");

    Map<String, Object> server = (Map<String, Object>) services.get("carepath");
    Map<String, Object> environment = (Map<String, Object>) server.get("environment");
    assertThat(environment)
        .containsKeys(
            "SPRING_DATASOURCE_URL",
            "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD",
            "CAREPATH_SECURITY_ISSUER_URI",
            "CAREPATH_SECURITY_JWK_SET_URI");
    assertThat((String) environment.get("SPRING_DATASOURCE_URL"))
        .startsWith("jdbc:postgresql://postgres:");
    assertThat((String) environment.get("CAREPATH_SECURITY_ISSUER_URI"))
        .endsWith("/realms/carepath");
    assertThat(((Map<String, Object>) server.get("build")).get("dockerfile"))
        .isEqualTo("docker/Dockerfile");
    assertThat(Files.exists(DOCKER.resolve("Dockerfile"))).isTrue();
  }

  @Test
  void theRealmHasExactlyCarepathsRolesAndTheClaimsTheServerReads() throws IOException {
    JsonNode realm =
        new ObjectMapper().readTree(DOCKER.resolve("keycloak/carepath-realm.json").toFile());
    assertThat(realm.path("realm").asText()).isEqualTo("carepath");

    List<String> roles =
        StreamSupport.stream(realm.path("roles").path("realm").spliterator(), false)
            .map(role -> role.path("name").asText())
            .toList();
    assertThat(roles)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(CarepathRole.values()).map(CarepathRole::code).toList());

    JsonNode web = client(realm, "carepath-web");
    assertThat(web.path("publicClient").asBoolean()).isTrue();
    assertThat(claimsMapped(web)).contains("organisation", "practitioner");

    JsonNode gpSystem = client(realm, "gp-system");
    assertThat(gpSystem.path("publicClient").asBoolean()).isFalse();
    assertThat(gpSystem.path("serviceAccountsEnabled").asBoolean()).isTrue();
    assertThat(gpSystem.path("secret").asText()).startsWith("${");
    assertThat(claimsMapped(gpSystem)).contains("organisation");
  }

  private static JsonNode client(JsonNode realm, String clientId) {
    return StreamSupport.stream(realm.path("clients").spliterator(), false)
        .filter(client -> client.path("clientId").asText().equals(clientId))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> claimsMapped(JsonNode client) {
    return StreamSupport.stream(client.path("protocolMappers").spliterator(), false)
        .map(mapper -> mapper.path("config").path("claim.name").asText())
        .toList();
  }
}
