package org.carepath.server.audit;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit (docs/security.md).
 *
 * @param enabled BALP capture of every REST access; off only to measure what audit costs
 * @param unindexedSearchParameters AuditEvent search parameters the server does not index (they are
 *     retired: not searchable and not in the CapabilityStatement); each AuditEvent is indexed under
 *     the rest. By default those no privacy-office question needs — a device's network address,
 *     agents' and entities' names, roles, types, alternative ids and policies, the source's site
 *     and identity — which were half of each AuditEvent's index rows (docs/benchmarks.md run 94).
 *     {@code patient} and {@code date} cannot be listed: the access report searches by them.
 */
@ConfigurationProperties("carepath.audit")
public record AuditProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue({
          "address",
          "agent-name",
          "agent-role",
          "altid",
          "entity-name",
          "entity-role",
          "entity-type",
          "policy",
          "site",
          "source"
        })
        List<String> unindexedSearchParameters) {}
