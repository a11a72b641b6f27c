package org.carepath.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Signs a user in as a browser app would — OIDC authorization code with PKCE (S256) — driving the
 * identity provider's login form with a plain HTTP client: the authorization request, the form post
 * with the user's name and password, the redirect carrying the code, and the code exchanged with
 * the verifier for tokens.
 */
public final class OidcLogin {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");

  private final String issuer;
  private final String clientId;
  private final String redirectUri;

  public OidcLogin(String issuer, String clientId, String redirectUri) {
    this.issuer = issuer;
    this.clientId = clientId;
    this.redirectUri = redirectUri;
  }

  /** The token response (access_token, id_token, …) for the user. */
  public JsonNode signIn(String username, String password)
      throws IOException, InterruptedException {
    HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    String verifier = random();
    String state = random();
    HttpResponse<String> loginPage =
        browser.send(
            HttpRequest.newBuilder(
                    URI.create(
                        authorizationRequest(
                            Map.of(
                                "code_challenge",
                                challenge(verifier),
                                "code_challenge_method",
                                "S256",
                                "state",
                                state))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher action = FORM_ACTION.matcher(loginPage.body());
    if (loginPage.statusCode() != 200 || !action.find()) {
      throw new IllegalStateException("No login form (HTTP " + loginPage.statusCode() + ")");
    }
    HttpResponse<String> redirect =
        browser.send(
            HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookies(loginPage))
                .POST(form(Map.of("username", username, "password", password)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String location = redirect.headers().firstValue("Location").orElse("");
    if (redirect.statusCode() != 302 || !location.startsWith(redirectUri)) {
      throw new IllegalStateException(
          "Sign-in did not redirect to the app (HTTP " + redirect.statusCode() + ")");
    }
    Map<String, String> answer = query(URI.create(location).getRawQuery());
    if (!state.equals(answer.get("state"))) {
      throw new IllegalStateException("The state came back changed");
    }
    HttpResponse<String> tokens =
        browser.send(
            HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    form(
                        Map.of(
                            "grant_type", "authorization_code",
                            "code", answer.get("code"),
                            "redirect_uri", redirectUri,
                            "client_id", clientId,
                            "code_verifier", verifier)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (tokens.statusCode() != 200) {
      throw new IllegalStateException("Code exchange refused (HTTP " + tokens.statusCode() + ")");
    }
    return JSON.readTree(tokens.body());
  }

  /** The authorization request URL with these extra parameters. */
  public String authorizationRequest(Map<String, String> extra) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("client_id", clientId);
    parameters.put("response_type", "code");
    parameters.put("scope", "openid");
    parameters.put("redirect_uri", redirectUri);
    parameters.putAll(extra);
    return issuer + "/protocol/openid-connect/auth?" + encode(parameters);
  }

  /** A JWT's claims (its payload), unverified: for looking at what the issuer put in. */
  public static JsonNode claims(String jwt) throws IOException {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  /**
   * The cookies a response set, as a browser sends them back to the same loopback host: the
   * identity provider marks them Secure, which browsers honour over plain HTTP on localhost (a
   * trustworthy origin) and Java's CookieManager does not.
   */
  private static String cookies(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .map(cookie -> cookie.split(";", 2)[0])
        .collect(Collectors.joining("; "));
  }

  private static HttpRequest.BodyPublisher form(Map<String, String> fields) {
    return HttpRequest.BodyPublishers.ofString(encode(fields));
  }

  private static String encode(Map<String, String> parameters) {
    return parameters.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        parameters.put(
            URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return parameters;
  }

  private static String random() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
