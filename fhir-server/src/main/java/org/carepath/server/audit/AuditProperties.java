package org.carepath.server.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit (docs/security.md).
 *
 * @param enabled BALP capture of every REST access; off only to measure what audit costs
 */
@ConfigurationProperties("carepath.audit")
public record AuditProperties(@DefaultValue("true") boolean enabled) {}
