package org.carepath.server.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The user of the current request, as their token says (empty for in-process work). */
public final class CurrentUser {

  private CurrentUser() {}

  public static Optional<CarepathUser> get() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication instanceof JwtAuthenticationToken jwt) {
      return Optional.of(CarepathUser.fromClaims(jwt.getName(), jwt.getTokenAttributes()));
    }
    return Optional.empty();
  }
}
