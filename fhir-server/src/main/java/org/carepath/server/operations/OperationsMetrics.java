package org.carepath.server.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What an operator watches beside request rates and latencies (which Spring Boot's {@code
 * http.server.requests} gives): the notification backlog and the age of the oldest undelivered
 * notification, scheduled work that is due and not yet picked up, and population runs in progress
 * with their chunks still to do. Each is read from PostgreSQL when scraped; while the database is
 * away each reads NaN rather than failing the scrape.
 */
class OperationsMetrics implements MeterBinder {

  private final JdbcTemplate jdbc;

  OperationsMetrics(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.jdbc.setQueryTimeout(5);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gauge(
        registry,
        "carepath.notifications.pending",
        "Subscription notifications not yet delivered",
        "select count(*) from cp_notification where delivered_at is null");
    gauge(
        registry,
        "carepath.notifications.oldest.pending.age",
        "Seconds since the oldest undelivered notification was recorded (0 when none)",
        "select coalesce(extract(epoch from now() - min(created_at)), 0) from cp_notification"
            + " where delivered_at is null");
    gauge(
        registry,
        "carepath.scheduler.due",
        "Scheduled executions (clocks, chunks, deliveries) due and not yet picked up",
        "select count(*) from scheduled_tasks where execution_time <= now() and not picked");
    gauge(
        registry,
        "carepath.population.runs.active",
        "Population stratification runs not yet completed",
        "select count(*) from cp_stratify_run where status <> 'completed'");
    gauge(
        registry,
        "carepath.population.chunks.pending",
        "Chunks of active population runs still to score",
        "select count(*) from cp_stratify_chunk c join cp_stratify_run r using (run_id)"
            + " where r.status <> 'completed' and not c.done");
  }

  private void gauge(MeterRegistry registry, String name, String description, String sql) {
    ToDoubleFunction<JdbcTemplate> read =
        jdbc -> {
          try {
            Number value = jdbc.queryForObject(sql, Number.class);
            return value == null ? 0 : value.doubleValue();
          } catch (RuntimeException unavailable) {
            return Double.NaN;
          }
        };
    Gauge.builder(name, jdbc, read).description(description).register(registry);
  }
}
