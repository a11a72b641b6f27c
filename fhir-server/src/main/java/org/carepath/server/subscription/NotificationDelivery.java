package org.carepath.server.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceException;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.shaded.jdbc.SQLRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carepath.server.fhir.Searches;
import org.carepath.server.scheduling.Retries;
import org.carepath.server.security.OutboundHosts;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Delivers a subscription's notifications, oldest first, one at a time, so a receiver sees each
 * referral's changes in order. A delivery that fails (the receiver is down, slow or answers other
 * than 2xx) stops the subscription's queue and is tried again later with exponential back-off; the
 * queue lives in PostgreSQL and the next try in db-scheduler, so both survive a restart. One
 * replica delivers a subscription at a time. Payload as FHIR's rest-hook: with {@code
 * channel.payload} the resource is {@code PUT} to {@code [endpoint]/Task/[id]}; without it, an
 * empty {@code POST} to the endpoint. Logs subscription ids and HTTP statuses only.
 */
class NotificationDelivery {

  static final TaskDescriptor<Void> DELIVER = TaskDescriptor.of("subscription-delivery");
  private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);

  private record Pending(long id, String resourceId, String payload, int attempts) {}

  private final DaoRegistry daos;
  private final JdbcTemplate jdbc;
  private final SchedulerClient scheduler;
  private final HttpClient http;
  private final SubscriptionProperties properties;
  private final Clock clock;
  private final DeliveryCheck check;
  private final FhirContext fhirContext;

  NotificationDelivery(
      DaoRegistry daos,
      JdbcTemplate jdbc,
      SchedulerClient scheduler,
      SubscriptionProperties properties,
      Clock clock,
      DeliveryCheck check,
      FhirContext fhirContext) {
    this.check = check;
    this.fhirContext = fhirContext;
    this.daos = daos;
    this.jdbc = jdbc;
    this.scheduler = scheduler;
    this.properties = properties;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
  }

  /**
   * Makes sure the subscription's delivery runs (no-op when it is already scheduled). Called
   * outside transactions. A delivery that finishes — removing its execution — between the
   * scheduler's insert and its re-read makes it throw; the next try schedules it. Should every try
   * lose, the sweep schedules it: the notifications wait in the outbox either way, and the change
   * that called this has committed, so its caller is not told of a failure.
   */
  void schedule(String subscriptionId, Instant at) {
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        scheduler.scheduleIfNotExists(DELIVER.instance(subscriptionId).scheduledTo(at));
        return;
      } catch (TaskInstanceException | SQLRuntimeException raced) {
        log.debug("Scheduling a delivery raced with the one finishing (attempt {})", attempt);
      }
    }
    log.warn("A delivery could not be scheduled now; the sweep schedules it");
  }

  /**
   * Delivers what is pending for the subscription; answers when to try again if a delivery failed,
   * empty when the queue is empty.
   */
  Optional<Instant> deliver(String subscriptionId) {
    Optional<Subscription> subscription = subscription(subscriptionId);
    if (subscription.isEmpty()) {
      return Optional.empty();
    }
    while (true) {
      List<Pending> next =
          jdbc.query(
              "select id, resource_id, payload, attempts from cp_notification"
                  + " where subscription_id = ? and delivered_at is null and withheld_at is null"
                  + " order by id limit 1",
              (rs, row) ->
                  new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4)),
              subscriptionId);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      Pending pending = next.get(0);
      IBaseResource carried = fhirContext.newJsonParser().parseResource(pending.payload());
      Set<String> subscribers =
          SubscriptionRules.organisationsNamed(subscription.get().getCriteria());
      Optional<String> withheld = check.whyWithheld(subscribers, carried);
      if (withheld.isPresent()) {
        check.withheld("Subscription/" + subscriptionId, subscribers, carried, withheld.get());
        jdbc.update(
            "update cp_notification set withheld_at = ?, last_error = ? where id = ?",
            Timestamp.from(clock.instant()),
            "withheld: " + withheld.get(),
            pending.id());
        log.info("Subscription {}: a notification was withheld at delivery", subscriptionId);
        continue;
      }
      Optional<String> failure = send(subscription.get(), pending);
      Instant now = clock.instant();
      if (failure.isEmpty()) {
        jdbc.update(
            "update cp_notification set delivered_at = ?, attempts = attempts + 1,"
                + " last_error = null where id = ?",
            Timestamp.from(now),
            pending.id());
        check.sent("Subscription/" + subscriptionId, subscribers, carried);
        continue;
      }
      Instant retry = now.plus(backoff(pending.attempts() + 1));
      jdbc.update(
          "update cp_notification set attempts = attempts + 1, last_error = ?,"
              + " next_attempt_at = ? where id = ?",
          failure.get(),
          Timestamp.from(retry),
          pending.id());
      log.warn(
          "Subscription {}: delivery failed ({}), attempt {}; next try at {}",
          subscriptionId,
          failure.get(),
          pending.attempts() + 1,
          retry);
      return Optional.of(retry);
    }
  }

  /**
   * Subscriptions with notifications waiting whose delivery is not scheduled (a safety net); and
   * active Subscriptions whose {@code end} has passed are turned {@code off}, as FHIR says.
   */
  void sweep() {
    List<String> waiting =
        jdbc.queryForList(
            "select distinct subscription_id from cp_notification"
                + " where delivered_at is null and withheld_at is null and next_attempt_at <= ?",
            String.class,
            Timestamp.from(clock.instant()));
    waiting.forEach(id -> schedule(id, clock.instant()));
    turnOffEnded();
  }

  private void turnOffEnded() {
    SearchParameterMap params =
        SearchParameterMap.newSynchronous("status", new TokenParam("active"));
    for (IBaseResource found : Searches.all(daos.getResourceDao(Subscription.class), params)) {
      Subscription subscription = (Subscription) found;
      if (SubscriptionRules.hasEnded(
          Optional.ofNullable(subscription.getEnd()).map(Date::toInstant), clock.instant())) {
        Subscription off = subscription.copy();
        off.setStatus(Subscription.SubscriptionStatus.OFF);
        daos.getResourceDao(Subscription.class).update(off, new SystemRequestDetails());
        log.info("Subscription {} reached its end: turned off", off.getIdElement().getIdPart());
      }
    }
  }

  Duration backoff(int attempts) {
    return Retries.doubling(properties.firstRetryAfter(), properties.maxRetryAfter(), attempts);
  }

  private Optional<String> send(Subscription subscription, Pending pending) {
    Subscription.SubscriptionChannelComponent channel = subscription.getChannel();
    String endpoint = channel.getEndpoint();
    if (!properties.allowsEndpoint(endpoint)) {
      // Stored before the host was disallowed: nothing leaves; it waits in the outbox.
      return Optional.of("the endpoint's host is not in carepath.subscription.allowed-hosts");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder().timeout(properties.timeout());
    if (channel.hasPayload()) {
      String base = endpoint.endsWith("/") ? endpoint : endpoint + "/";
      request
          .uri(URI.create(base + "Task/" + pending.resourceId()))
          .header("Content-Type", "application/fhir+json")
          .PUT(HttpRequest.BodyPublishers.ofString(pending.payload()));
    } else {
      request.uri(URI.create(endpoint)).POST(HttpRequest.BodyPublishers.noBody());
    }
    for (StringType header : channel.getHeader()) {
      String line = header.getValue();
      int colon = line == null ? -1 : line.indexOf(':');
      if (colon > 0) {
        request.header(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    return OutboundHosts.failureOf(http, request.build(), "the receiver");
  }

  private Optional<Subscription> subscription(String id) {
    SearchParameterMap params = SearchParameterMap.newSynchronous("_id", new TokenParam(id));
    params.add("status", new TokenParam("active"));
    return Searches.all(daos.getResourceDao(Subscription.class), params).stream()
        .findFirst()
        .map(Subscription.class::cast);
  }
}
