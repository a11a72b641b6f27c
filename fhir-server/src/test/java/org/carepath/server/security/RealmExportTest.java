package org.carepath.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Keycloak realm Carepath ships (docker/keycloak/carepath-realm.json) holds what production
 * needs: the browser app signs in by authorization code with PKCE only, to exact addresses, with
 * short-lived tokens; no secret or password is written in the file; password grants only for the
 * client named demo-only.
 */
class RealmExportTest {

  private static final Path REALM = Path.of("..", "docker", "keycloak", "carepath-realm.json");
  private static final String DEMO_CLIENT = "carepath-demo-cli";

  private final JsonNode realm = read();

  @Test
  void theWebAppSignsInByAuthorizationCodeWithPkceToExactAddresses() {
    JsonNode web = client("carepath-web");
    assertThat(web.path("publicClient").asBoolean()).isTrue();
    assertThat(web.path("standardFlowEnabled").asBoolean()).isTrue();
    assertThat(web.path("implicitFlowEnabled").asBoolean(false)).isFalse();
    assertThat(web.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
    assertThat(web.path("attributes").path("pkce.code.challenge.method").asText())
        .isEqualTo("S256");
    assertThat(texts(web.path("redirectUris"))).isNotEmpty().allSatisfy(this::exact);
    assertThat(texts(web.path("webOrigins"))).isNotEmpty().allSatisfy(this::exact);
  }

  @Test
  void noClientTakesWildcardsImplicitFlowOrPasswordsButTheDemoOne() {
    for (JsonNode client : realm.path("clients")) {
      String id = client.path("clientId").asText();
      assertThat(texts(client.path("redirectUris"))).allSatisfy(this::exact);
      assertThat(texts(client.path("webOrigins"))).allSatisfy(this::exact);
      assertThat(client.path("implicitFlowEnabled").asBoolean(false)).as(id).isFalse();
      if (client.path("directAccessGrantsEnabled").asBoolean(false)) {
        assertThat(id).isEqualTo(DEMO_CLIENT);
        assertThat(client.path("name").asText()).containsIgnoringCase("demo only");
      }
      if (client.has("secret")) {
        assertThat(client.path("secret").asText()).as(id).matches("\\$\\{[A-Z_]+}");
      }
    }
  }

  @Test
  void tokensAreShortLivedAndNoPasswordIsInTheFile() {
    assertThat(realm.path("accessTokenLifespan").asInt(Integer.MAX_VALUE)).isLessThanOrEqualTo(300);
    assertThat(realm.path("sslRequired").asText()).isIn("external", "all");
    assertThat(realm.path("bruteForceProtected").asBoolean()).isTrue();
    for (JsonNode user : realm.path("users")) {
      for (JsonNode credential : user.path("credentials")) {
        assertThat(credential.path("value").asText()).matches("\\$\\{[A-Z_]+}");
      }
    }
  }

  private void exact(String address) {
    assertThat(address).doesNotContain("*").isNotEqualTo("+");
  }

  private JsonNode client(String clientId) {
    for (JsonNode client : realm.path("clients")) {
      if (clientId.equals(client.path("clientId").asText())) {
        return client;
      }
    }
    throw new AssertionError("no client " + clientId);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static JsonNode read() {
    try {
      return new ObjectMapper().readTree(REALM.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + REALM.toAbsolutePath(), e);
    }
  }
}
