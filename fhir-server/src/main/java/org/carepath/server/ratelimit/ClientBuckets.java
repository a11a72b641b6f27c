package org.carepath.server.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

/**
 * Each client's token bucket. Shared: kept in PostgreSQL (Bucket4j's select-for-update proxy), so
 * every replica counts against the same bucket; each replica counts locally between write-backs
 * (every {@code syncEvery} or a twentieth of the burst), so a client can overshoot by at most that
 * much per replica. Not shared, or while the store cannot be reached: in this replica's memory.
 */
final class ClientBuckets {

  private static final Logger log = LoggerFactory.getLogger(ClientBuckets.class);

  private final RateLimitProperties properties;
  private final ProxyManager<String> store;
  private final Cache<String, Bucket> local = newCache();
  private final Cache<String, Bucket> shared = newCache();
  private volatile long storeRetryAt = System.nanoTime();

  /**
   * @param store where shared buckets are kept; {@code null} for buckets in this replica only
   */
  ClientBuckets(RateLimitProperties properties, ProxyManager<String> store) {
    this.properties = properties;
    this.store = store;
  }

  /**
   * Takes one request from the client's bucket.
   *
   * @return how that went, or empty when the client is not limited
   */
  Optional<ConsumptionProbe> tryConsume(Client client) {
    RateLimitProperties.Limit limit = properties.limitFor(client.azp());
    if (limit.perSecond() <= 0) {
      return Optional.empty();
    }
    // The limit is part of the key, so a changed limit starts a new bucket on every replica.
    String key = client.key() + "@" + limit.perSecond() + "/" + limit.burst();
    if (store != null && System.nanoTime() - storeRetryAt >= 0) {
      try {
        return Optional.of(
            shared.get(key, k -> sharedBucket(k, limit)).tryConsumeAndReturnRemaining(1));
      } catch (RuntimeException storeDown) {
        storeRetryAt = System.nanoTime() + properties.storeUnavailableFor().toNanos();
        shared.invalidateAll();
        log.warn(
            "The shared rate-limit store cannot be reached ({}): each replica counts on its own"
                + " for {}",
            NestedExceptionUtils.getMostSpecificCause(storeDown).getClass().getSimpleName(),
            properties.storeUnavailableFor());
      }
    }
    return Optional.of(
        local
            .get(key, k -> Bucket.builder().addLimit(bandwidth(limit)).build())
            .tryConsumeAndReturnRemaining(1));
  }

  private Bucket sharedBucket(String key, RateLimitProperties.Limit limit) {
    long unsynchronised = Math.max(1, capacity(limit) / 20);
    return store
        .builder()
        .withOptimization(
            Optimizations.delaying(new DelayParameters(unsynchronised, properties.syncEvery())))
        .build(key, () -> BucketConfiguration.builder().addLimit(bandwidth(limit)).build());
  }

  static Bandwidth bandwidth(RateLimitProperties.Limit limit) {
    return Bandwidth.builder()
        .capacity(capacity(limit))
        .refillGreedy(limit.perSecond(), Duration.ofSeconds(1))
        .build();
  }

  static long capacity(RateLimitProperties.Limit limit) {
    return Math.max(limit.burst(), limit.perSecond());
  }

  private static Cache<String, Bucket> newCache() {
    return Caffeine.newBuilder()
        .maximumSize(100_000)
        .expireAfterAccess(Duration.ofMinutes(10))
        .build();
  }

  /** The client a request is counted against: the token's client and, within it, the subject. */
  record Client(String azp, String key) {}
}
