package org.carepath.server.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.carepath.server.support.ServerInstances;
import org.carepath.server.support.ServerTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A change made just before the server stops is still delivered to its subscriber after the
 * restart: the notification was recorded with the change, and its delivery is durable.
 */
class ReferralRestartIT {

  @Test
  void aChangeBeforeARestartIsDeliveredAfterIt() throws Exception {
    Path dataDir = ServerTestSupport.freshDataDir();
    String[] demo = {"--carepath.demo.enabled=true", "--carepath.demo.patients=0"};
    try (HookReceiver receiver = new HookReceiver()) {
      String task;
      try (ConfigurableApplicationContext first =
          ServerInstances.start(dataDir, demo[0], demo[1], "--carepath.scheduling.enabled=false")) {
        post(
            first,
            "/Subscription",
            receiver.subscription("Task?requester=" + ReferralCalls.PRACTICE, "rest-hook"));
        String patient =
            post(
                first,
                "/Patient",
                "{\"resourceType\":\"Patient\",\"birthDate\":\"1950-05-05\",\"generalPractitioner\""
                    + ":[{\"reference\":\""
                    + ReferralCalls.PRACTICE
                    + "\"}]}");
        String referral =
            post(
                first,
                "/ServiceRequest",
                ReferralCalls.referral(
                    "REF-restart-" + Instant.now().toEpochMilli(),
                    "Patient/" + patient,
                    "community-respiratory",
                    "routine",
                    null));
        task = "referral-" + referral;
        // This replica runs no scheduled work: nothing is delivered before it stops.
        Thread.sleep(1000);
        assertThat(receiver.receivedFor(task)).isEmpty();
      }
      try (ConfigurableApplicationContext second = ServerInstances.start(dataDir, demo)) {
        List<String> got =
            ReferralCalls.eventually(
                () -> receiver.receivedFor(task),
                list -> !list.isEmpty(),
                java.time.Duration.ofSeconds(60));
        assertThat(got).containsExactly(task + "/1");
        Thread.sleep(2000);
        assertThat(receiver.receivedFor(task)).containsExactly(task + "/1");
      }
    }
  }

  private static String post(ConfigurableApplicationContext server, String path, String body) {
    return ServerInstances.create(server, ServerInstances.token(server, "gp"), path, body);
  }
}
