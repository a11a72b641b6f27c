package org.carepath.server.security;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The hosts an operator lets the server send patient data to on a client's say-so (a Subscription's
 * endpoint, a referral sender's reply address): a client naming any other cannot make the server
 * call it.
 */
public final class OutboundHosts {

  private OutboundHosts() {}

  /** The configured hosts, trimmed and in lower case, blanks dropped. */
  public static List<String> normalised(List<String> hosts) {
    return hosts == null
        ? List.of()
        : hosts.stream()
            .filter(Objects::nonNull)
            .map(String::trim)
            .filter(host -> !host.isEmpty())
            .map(host -> host.toLowerCase(Locale.ROOT))
            .toList();
  }

  /** Whether {@code url} is an absolute URL whose host is one of {@code hosts} (normalised). */
  public static boolean includes(List<String> hosts, String url) {
    try {
      String host = URI.create(url == null ? "" : url).getHost();
      return host != null && hosts.contains(host.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException unparseable) {
      return false;
    }
  }
}
