package org.carepath.server.scheduling;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Durable scheduled work (db-scheduler on Carepath's PostgreSQL).
 *
 * @param enabled run scheduled work in this replica (work is still recorded when off)
 * @param threads how many pieces of work this replica runs at once
 * @param pollingInterval how often this replica looks for due work
 * @param heartbeatInterval how often a running piece of work reports it is alive; work whose
 *     replica stops reporting (after four missed beats) is run again by another
 */
@ConfigurationProperties("carepath.scheduling")
public record SchedulingProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("2") int threads,
    @DefaultValue("2s") Duration pollingInterval,
    @DefaultValue("30s") Duration heartbeatInterval) {}
