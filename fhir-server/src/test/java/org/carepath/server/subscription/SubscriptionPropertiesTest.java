package org.carepath.server.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionPropertiesTest {

  private static SubscriptionProperties allowing(List<String> hosts) {
    Duration any = Duration.ofSeconds(5);
    return new SubscriptionProperties(any, any, any, any, hosts);
  }

  @Test
  void withoutAnAllowListEveryHostIsAllowed() {
    assertThat(allowing(null).allowsEndpoint("https://anywhere.example/hook")).isTrue();
  }

  @Test
  void withAnAllowListOnlyItsHostsAreAllowedWhateverThePortPathOrCase() {
    SubscriptionProperties properties = allowing(List.of(" Hooks.GP-Supplier.example ", ""));
    assertThat(properties.allowsEndpoint("https://hooks.gp-supplier.example:8443/carepath"))
        .isTrue();
    assertThat(properties.allowsEndpoint("https://hooks.gp-supplier.example.evil.example/x"))
        .isFalse();
    assertThat(properties.allowsEndpoint("http://169.254.169.254/latest/meta-data")).isFalse();
    assertThat(properties.allowsEndpoint("not a url")).isFalse();
  }
}
