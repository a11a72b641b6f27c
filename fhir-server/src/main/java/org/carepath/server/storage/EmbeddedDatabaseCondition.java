package org.carepath.server.storage;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * True when no external database is configured: no {@code spring.datasource.url} (environment
 * variable {@code SPRING_DATASOURCE_URL}). Then Carepath starts its own PostgreSQL.
 */
class EmbeddedDatabaseCondition implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
  }
}
