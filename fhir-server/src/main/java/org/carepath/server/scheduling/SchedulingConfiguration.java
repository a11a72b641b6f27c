package org.carepath.server.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.OnStartup;
import com.github.kagkarlsson.scheduler.task.Task;
import java.util.List;
import javax.sql.DataSource;
import org.carepath.server.storage.CarepathSchema;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Durable, cluster-safe scheduled work: db-scheduler on the same PostgreSQL as the FHIR data
 * (docs/adr/0006-population-stratification.md). Features declare their work as db-scheduler {@link
 * Task} beans; every replica runs due work, each piece claimed by exactly one of them, and work
 * whose replica died is picked up again.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SchedulingProperties.class)
public class SchedulingConfiguration {

  /**
   * Schedules work. Through a transaction-aware DataSource, so work scheduled inside a Spring (or
   * HAPI) transaction is recorded only if that transaction commits.
   */
  @Bean
  SchedulerClient schedulerClient(DataSource dataSource, CarepathSchema schema) {
    return SchedulerClient.Builder.create(new TransactionAwareDataSourceProxy(dataSource)).build();
  }

  @Bean
  ScheduledWork scheduledWork(
      DataSource dataSource,
      CarepathSchema schema,
      ObjectProvider<Task<?>> tasks,
      SchedulingProperties properties) {
    List<Task<?>> all = tasks.orderedStream().toList();
    // Recurring work (OnStartup) is given as start tasks, which db-scheduler also knows by that.
    List<Task<?>> oneTime = all.stream().filter(task -> !(task instanceof OnStartup)).toList();
    @SuppressWarnings({"unchecked", "rawtypes"})
    List startTasks = all.stream().filter(OnStartup.class::isInstance).toList();
    @SuppressWarnings("unchecked")
    Scheduler scheduler =
        Scheduler.create(dataSource, oneTime)
            .startTasks(startTasks)
            .threads(properties.threads())
            .pollingInterval(properties.pollingInterval())
            .heartbeatInterval(properties.heartbeatInterval())
            .enableImmediateExecution()
            .build();
    return new ScheduledWork(scheduler, properties.enabled());
  }
}
