package org.carepath.server.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The hosts an operator lets the server send patient data to on a client's say-so (a Subscription's
 * endpoint, a referral sender's reply address): a client naming any other cannot make the server
 * call it. And how such a call is told as delivered or failed, for the deliveries' logs and
 * retries.
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

  /**
   * Sends {@code request}: empty when {@code party} answered 2xx, else why not (its HTTP status, or
   * that it could not be reached) — a reason that names no patient, for the delivery log.
   */
  public static Optional<String> failureOf(HttpClient http, HttpRequest request, String party) {
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 300
          ? Optional.empty()
          : Optional.of(party + " answered HTTP " + status);
    } catch (IOException e) {
      return Optional.of(party + " could not be reached (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }
}
