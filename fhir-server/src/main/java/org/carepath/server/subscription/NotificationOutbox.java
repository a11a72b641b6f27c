package org.carepath.server.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.param.TokenParam;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.carepath.server.fhir.Searches;
import org.carepath.server.fhir.StoredVersionInterceptor;
import org.carepath.server.fhir.TypeSnapshot;
import org.carepath.server.scheduling.ScheduledWork;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records a notification for every active rest-hook Subscription a Task change matches, in the
 * change's own transaction (a transactional outbox: a change that commits is never lost, one that
 * rolls back is never sent), and schedules its subscription's delivery. Each resource version is
 * recorded once per subscription, so a retried write does not notify twice. A Subscription past its
 * {@code end} notifies nothing more.
 */
@Interceptor
class NotificationOutbox extends StoredVersionInterceptor {

  private final SearchParamMatcher matcher;
  private final JdbcTemplate jdbc;
  private final NotificationDelivery delivery;
  private final ScheduledWork scheduledWork;
  private final FhirContext fhirContext;
  private final Clock clock;

  /** The active rest-hook Subscriptions, read again only when a Subscription changes. */
  private final TypeSnapshot<List<Active>> subscriptions;

  NotificationOutbox(
      DaoRegistry daos,
      DataSource dataSource,
      SearchParamMatcher matcher,
      JdbcTemplate jdbc,
      NotificationDelivery delivery,
      ScheduledWork scheduledWork,
      FhirContext fhirContext,
      Clock clock) {
    this.matcher = matcher;
    this.jdbc = jdbc;
    this.delivery = delivery;
    this.scheduledWork = scheduledWork;
    this.fhirContext = fhirContext;
    this.clock = clock;
    this.subscriptions =
        new TypeSnapshot<>(dataSource, "Subscription", () -> activeSubscriptions(daos));
  }

  @Override
  protected void stored(IBaseResource previous, IBaseResource resource) {
    record(resource);
  }

  private void record(IBaseResource resource) {
    if (!(resource instanceof Task task)) {
      return;
    }
    String payload = null;
    Set<String> notified = new LinkedHashSet<>();
    for (Active subscription : subscriptions.get()) {
      if (SubscriptionRules.hasEnded(subscription.end(), clock.instant())
          || !matcher.match(subscription.criteria(), task, null).matched()) {
        continue;
      }
      if (payload == null) {
        payload = fhirContext.newJsonParser().encodeResourceToString(task);
      }
      Instant now = clock.instant();
      String subscriptionId = subscription.id();
      jdbc.update(
          "insert into cp_notification (subscription_id, resource_type, resource_id,"
              + " resource_version, payload, created_at, next_attempt_at)"
              + " values (?, 'Task', ?, ?, ?, ?, ?) on conflict do nothing",
          subscriptionId,
          task.getIdElement().getIdPart(),
          version(task),
          payload,
          Timestamp.from(now),
          Timestamp.from(now));
      notified.add(subscriptionId);
    }
    if (!notified.isEmpty()) {
      // After commit, outside the change's transaction: many changes schedule the same
      // subscription's delivery at once, and a losing insert inside the transaction would abort
      // it. A notification whose scheduling is lost (a crash right after commit) is found by the
      // sweep.
      afterCommit(
          () -> {
            notified.forEach(id -> delivery.schedule(id, clock.instant()));
            scheduledWork.checkNow();
          });
    }
  }

  /** What the outbox needs of an active rest-hook Subscription. */
  private record Active(String id, String criteria, Optional<Instant> end) {}

  private static List<Active> activeSubscriptions(DaoRegistry daos) {
    SearchParameterMap params = SearchParameterMap.newSynchronous();
    params.add("status", new TokenParam("active"));
    params.add("type", new TokenParam("rest-hook"));
    return Searches.all(daos.getResourceDao(Subscription.class), params).stream()
        .map(Subscription.class::cast)
        .map(
            subscription ->
                new Active(
                    subscription.getIdElement().getIdPart(),
                    subscription.getCriteria(),
                    Optional.ofNullable(subscription.getEnd()).map(Date::toInstant)))
        .toList();
  }

  private static String version(Task task) {
    String version = task.getIdElement().getVersionIdPart();
    return version != null ? version : task.getMeta().getVersionId();
  }
}
