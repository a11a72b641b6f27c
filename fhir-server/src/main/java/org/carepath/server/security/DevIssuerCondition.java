package org.carepath.server.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The development issuer may start only when no external issuer is configured and it is not
 * switched off. Configuring {@code carepath.security.issuer-uri} always turns it off, so it cannot
 * run by accident beside a production identity provider.
 */
class DevIssuerCondition implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    var environment = context.getEnvironment();
    boolean externalIssuer =
        StringUtils.hasText(environment.getProperty("carepath.security.issuer-uri"));
    boolean enabled =
        environment.getProperty("carepath.security.dev-issuer.enabled", Boolean.class, true);
    return enabled && !externalIssuer;
  }
}
