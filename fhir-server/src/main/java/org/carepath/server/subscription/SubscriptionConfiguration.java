package org.carepath.server.subscription;

import static org.carepath.server.fhir.StoredVersionInterceptor.onStorage;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import javax.sql.DataSource;
import org.carepath.server.organisation.OrganisationTree;
import org.carepath.server.scheduling.Retries;
import org.carepath.server.scheduling.ScheduledWork;
import org.carepath.server.storage.CarepathSchema;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Standard FHIR Subscriptions (R4, rest-hook) on Task, delivered durably: the rules for what may be
 * subscribed, the transactional outbox, and in-order delivery with back-off on db-scheduler. HAPI's
 * own subscription processing (in-memory queues) is not used.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SubscriptionProperties.class)
public class SubscriptionConfiguration {

  @Bean
  SubscriptionRules subscriptionRules(
      SearchParamMatcher matcher,
      OrganisationTree organisations,
      SubscriptionProperties properties,
      IInterceptorService storageInterceptors) {
    return onStorage(
        storageInterceptors, new SubscriptionRules(matcher, organisations::byOdsCode, properties));
  }

  @Bean
  SubscriptionSecretsInterceptor subscriptionSecretsInterceptor() {
    return new SubscriptionSecretsInterceptor();
  }

  /**
   * Deliveries are scheduled outside any transaction (after the change's commit, and by the sweep):
   * on the scheduler's own auto-committed connections, not a transaction-aware one that would pick
   * up whatever connection the calling thread still has bound.
   */
  @Bean
  NotificationDelivery notificationDelivery(
      DaoRegistry daos,
      DataSource dataSource,
      CarepathSchema schema,
      SubscriptionProperties properties,
      Clock clock,
      DeliveryCheck check,
      FhirContext fhirContext) {
    return new NotificationDelivery(
        daos,
        new JdbcTemplate(dataSource),
        SchedulerClient.Builder.create(dataSource).build(),
        properties,
        clock,
        check,
        fhirContext);
  }

  @Bean
  NotificationOutbox notificationOutbox(
      DaoRegistry daos,
      SearchParamMatcher matcher,
      DataSource dataSource,
      NotificationDelivery delivery,
      ScheduledWork scheduledWork,
      FhirContext fhirContext,
      Clock clock,
      IInterceptorService storageInterceptors) {
    return onStorage(
        storageInterceptors,
        new NotificationOutbox(
            daos,
            dataSource,
            matcher,
            new JdbcTemplate(dataSource),
            delivery,
            scheduledWork,
            fhirContext,
            clock));
  }

  @Bean
  CustomTask<Void> subscriptionDeliveryTask(ObjectProvider<NotificationDelivery> delivery) {
    return Tasks.custom(NotificationDelivery.DELIVER)
        .onFailure(Retries.withBackoff())
        .execute(
            (instance, context) ->
                Retries.againAtOrRemove(delivery.getObject().deliver(instance.getId())));
  }

  @Bean
  RecurringTask<Void> subscriptionSweepTask(
      ObjectProvider<NotificationDelivery> delivery, SubscriptionProperties properties) {
    return Tasks.recurring("subscription-sweep", FixedDelay.of(properties.sweepEvery()))
        .execute((instance, context) -> delivery.getObject().sweep());
  }
}
