package org.carepath.server.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * A token that passes the signature and claim checks is also asked about at the issuer's
 * introspection endpoint (RFC 7662), so a token revoked there — revoked, or its user signed out or
 * disabled — is refused although its signature is still good. Fails closed: when the issuer cannot
 * be asked, the token is refused.
 */
final class IntrospectingJwtDecoder implements JwtDecoder {

  private static final Logger log = LoggerFactory.getLogger(IntrospectingJwtDecoder.class);

  private final JwtDecoder decoder;
  private final OpaqueTokenIntrospector introspector;

  IntrospectingJwtDecoder(JwtDecoder decoder, OpaqueTokenIntrospector introspector) {
    this.decoder = decoder;
    this.introspector = introspector;
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    Jwt jwt = decoder.decode(token);
    try {
      introspector.introspect(token);
    } catch (BadOpaqueTokenException inactive) {
      throw new BadJwtException("The token is no longer active (revoked, or its session ended)");
    } catch (OAuth2IntrospectionException unreachable) {
      // The token itself is not logged.
      log.warn("Token introspection failed ({}): refusing the token", unreachable.getMessage());
      throw new BadJwtException("The token could not be checked with its issuer");
    }
    return jwt;
  }
}
