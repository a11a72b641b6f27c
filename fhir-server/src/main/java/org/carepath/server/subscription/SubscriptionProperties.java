package org.carepath.server.subscription;

import java.time.Duration;
import java.util.List;
import org.carepath.server.security.OutboundHosts;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rest-hook notification delivery.
 *
 * @param firstRetryAfter how long after a failed delivery it is tried again (5 s); each further
 *     failure doubles the wait
 * @param maxRetryAfter the longest wait between tries (10 min); delivery never gives up
 * @param timeout how long a receiver may take to answer (10 s)
 * @param sweepEvery how often a replica looks for notifications whose delivery is not scheduled (30
 *     s; a safety net: deliveries are scheduled when the change commits)
 * @param allowedHosts the hosts notifications may be sent to (a Subscription to any other is
 *     refused, and nothing is sent to one stored before); empty — the default — allows any host, so
 *     restrict it (or the server's egress) in production
 */
@ConfigurationProperties("carepath.subscription")
public record SubscriptionProperties(
    @DefaultValue("5s") Duration firstRetryAfter,
    @DefaultValue("10m") Duration maxRetryAfter,
    @DefaultValue("10s") Duration timeout,
    @DefaultValue("30s") Duration sweepEvery,
    List<String> allowedHosts) {

  public SubscriptionProperties {
    allowedHosts = OutboundHosts.normalised(allowedHosts);
  }

  boolean allowsEndpoint(String endpoint) {
    return allowedHosts.isEmpty() || OutboundHosts.includes(allowedHosts, endpoint);
  }
}
