package org.carepath.server.webapp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web app the server serves at {@code /app/}.
 *
 * @param clientId the issuer's public client the app signs in with (code flow with PKCE; the
 *     Keycloak realm's {@code carepath-web})
 * @param issuer the issuer as the user's browser reaches it; empty uses {@code
 *     carepath.security.issuer-uri} or the development issuer
 * @param scope the scopes the app asks for
 */
@ConfigurationProperties("carepath.web-app")
public record WebAppProperties(
    @DefaultValue("carepath-web") String clientId,
    @DefaultValue("") String issuer,
    @DefaultValue("openid profile") String scope) {}
