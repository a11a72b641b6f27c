package org.carepath.server.ratelimit;

import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

/**
 * The shared buckets in PostgreSQL and the pool they use; both {@code null} when buckets are kept
 * per replica.
 */
record RateLimitStore(
    PostgreSQLSelectForUpdateBasedProxyManager<String> proxies, HikariDataSource pool)
    implements AutoCloseable {

  /** Removes buckets that have been full for a while, a thousand at a time. */
  void removeExpired() {
    if (proxies != null) {
      while (proxies.removeExpired(1000) == 1000) {
        // another batch
      }
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
  }
}
