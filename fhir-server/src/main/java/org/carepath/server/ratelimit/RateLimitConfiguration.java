package org.carepath.server.ratelimit;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import javax.sql.DataSource;
import org.carepath.server.storage.CarepathSchema;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Per-client rate limits on {@code /fhir} (docs/operations.md, "Limits"), shared by every replica
 * through PostgreSQL unless {@code carepath.fhir.rate-limit.shared} is off.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitConfiguration {

  static final String TABLE = "cp_rate_limit_bucket";

  /**
   * The shared buckets' store, on a small pool of its own: a rate-limit check never waits for the
   * clinical pool, and while PostgreSQL is down it gives up within a second (the request then
   * counts locally and gets the API's own 503).
   */
  @Bean(destroyMethod = "close")
  RateLimitStore rateLimitStore(
      RateLimitProperties properties, DataSource dataSource, CarepathSchema schema) {
    if (!properties.shared() || properties.perSecond() <= 0) {
      return new RateLimitStore(null, null);
    }
    HikariDataSource pool = storePool(dataSource);
    PostgreSQLSelectForUpdateBasedProxyManager<String> proxies =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(pool != null ? pool : dataSource)
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table(TABLE)
            .idColumn("client")
            .stateColumn("state")
            .expiresAtColumn("expires_at")
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofMinutes(1)))
            .requestTimeout(Duration.ofSeconds(1))
            .build();
    return new RateLimitStore(proxies, pool);
  }

  @Bean
  ClientBuckets clientBuckets(RateLimitProperties properties, RateLimitStore store) {
    return new ClientBuckets(properties, store.proxies());
  }

  /** After Spring Security (whose filters run at -100), so the client is known. */
  @Bean
  FilterRegistrationBean<RateLimitFilter> rateLimitFilter(
      RateLimitProperties properties, ClientBuckets buckets) {
    FilterRegistrationBean<RateLimitFilter> registration =
        new FilterRegistrationBean<>(new RateLimitFilter(buckets));
    registration.addUrlPatterns("/fhir/*");
    registration.setOrder(0);
    registration.setEnabled(properties.perSecond() > 0);
    return registration;
  }

  /** Every ten minutes, buckets full again for a minute are removed (on one replica). */
  @Bean
  RecurringTask<Void> rateLimitBucketsExpireTask(ObjectProvider<RateLimitStore> store) {
    return Tasks.recurring(
            "rate-limit-buckets-expire", Schedules.fixedDelay(Duration.ofMinutes(10)))
        .execute((instance, context) -> store.getObject().removeExpired());
  }

  private static HikariDataSource storePool(DataSource dataSource) {
    if (!(dataSource instanceof HikariDataSource main)) {
      return null;
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("carepath-rate-limit");
    config.setJdbcUrl(main.getJdbcUrl());
    config.setUsername(main.getUsername());
    config.setPassword(main.getPassword());
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(1000);
    return new HikariDataSource(config);
  }
}
