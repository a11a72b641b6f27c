package org.carepath.coordination.referral;

/** Where a referral goes, or why it cannot go anywhere (then a coordinator routes it by hand). */
public sealed interface RoutingDecision {

  record Routed(ServiceOffer service, String reason) implements RoutingDecision {}

  record Unroutable(String reason) implements RoutingDecision {}
}
