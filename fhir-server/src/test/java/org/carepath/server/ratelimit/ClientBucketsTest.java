package org.carepath.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class ClientBucketsTest {

  private static RateLimitProperties limits(
      long perSecond, long burst, Map<String, RateLimitProperties.Limit> clients) {
    return new RateLimitProperties(
        perSecond, burst, true, Duration.ofMillis(250), Duration.ofSeconds(30), clients);
  }

  private static long served(ClientBuckets buckets, ClientBuckets.Client client, int requests) {
    long served = 0;
    for (int i = 0; i < requests; i++) {
      if (buckets.tryConsume(client).map(ConsumptionProbe::isConsumed).orElse(true)) {
        served++;
      }
    }
    return served;
  }

  @Test
  void aClientGetsItsBurstThenWaitsForTheRefill() {
    ClientBuckets buckets = new ClientBuckets(limits(1, 3, null), null);
    ClientBuckets.Client gp = new ClientBuckets.Client("carepath-web", "carepath-web/gp");

    assertThat(served(buckets, gp, 5)).isEqualTo(3);
    Optional<ConsumptionProbe> refused = buckets.tryConsume(gp);
    assertThat(refused).get().extracting(ConsumptionProbe::isConsumed).isEqualTo(false);
    assertThat(refused.get().getNanosToWaitForRefill()).isPositive();
    // Another person of the same client application has a bucket of their own.
    assertThat(served(buckets, new ClientBuckets.Client("carepath-web", "carepath-web/nurse"), 3))
        .isEqualTo(3);
  }

  @Test
  void aClientWithItsOwnLimitIsCountedByItAndAnExemptClientIsNotCounted() {
    ClientBuckets buckets =
        new ClientBuckets(
            limits(
                1,
                3,
                Map.of(
                    "gp-system", new RateLimitProperties.Limit(1, 10),
                    "loader", new RateLimitProperties.Limit(0, 0))),
            null);

    assertThat(served(buckets, new ClientBuckets.Client("gp-system", "gp-system/gp-system"), 15))
        .isEqualTo(10);
    assertThat(buckets.tryConsume(new ClientBuckets.Client("loader", "loader/loader"))).isEmpty();
  }

  @Test
  void whileTheSharedStoreCannotBeReachedEachReplicaCountsOnItsOwn() {
    PGSimpleDataSource unreachable = new PGSimpleDataSource();
    unreachable.setServerNames(new String[] {"127.0.0.1"});
    unreachable.setPortNumbers(new int[] {1});
    unreachable.setConnectTimeout(1);
    ClientBuckets buckets =
        new ClientBuckets(
            limits(1, 2, null),
            Bucket4jPostgreSQL.selectForUpdateBasedBuilder(unreachable)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(RateLimitConfiguration.TABLE)
                .build());
    ClientBuckets.Client gp = new ClientBuckets.Client("carepath-web", "carepath-web/gp");

    // Never refused because the store is down, and still limited.
    assertThat(served(buckets, gp, 4)).isEqualTo(2);
  }
}
