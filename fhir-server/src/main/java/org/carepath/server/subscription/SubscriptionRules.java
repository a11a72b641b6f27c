package org.carepath.server.subscription;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryMatchResult;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.UrlUtil;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carepath.server.security.CurrentUser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;

/**
 * What a Subscription may ask for, checked before it is stored (422 or 403 with the reason, nothing
 * stored): a rest-hook channel to an http(s) endpoint on an allowed host; criteria on Task that
 * Carepath can match (standard search parameters); and, for a caller from an organisation, only
 * that organisation's Tasks — its referrals ({@code requester=}) or its work ({@code owner=}); only
 * that organisation changes it (403). A requested Subscription becomes active at once. Translates
 * and delegates.
 */
@Interceptor
class SubscriptionRules {

  private final SearchParamMatcher matcher;
  private final Function<String, Optional<String>> organisationByOds;
  private final SubscriptionProperties properties;

  SubscriptionRules(
      SearchParamMatcher matcher,
      Function<String, Optional<String>> organisationByOds,
      SubscriptionProperties properties) {
    this.matcher = matcher;
    this.organisationByOds = organisationByOds;
    this.properties = properties;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    check(resource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    requireCallersOwn(previous);
    check(resource);
  }

  /** Only the organisation a Subscription is about changes it (nobody deletes anything). */
  private void requireCallersOwn(IBaseResource stored) {
    if (!(stored instanceof Subscription subscription) || subscription.getCriteria() == null) {
      return;
    }
    Optional<String> ods = CurrentUser.get().flatMap(user -> user.organisationOdsCode());
    if (ods.isPresent()
        && !aboutOwnOrganisation(subscription.getCriteria(), ownOrganisation(ods.get()))) {
      throw new ForbiddenOperationException(
          "This Subscription is another organisation's: you cannot change it.");
    }
  }

  private void check(IBaseResource resource) {
    if (!(resource instanceof Subscription subscription)) {
      return;
    }
    Subscription.SubscriptionChannelComponent channel = subscription.getChannel();
    if (channel.getType() != Subscription.SubscriptionChannelType.RESTHOOK) {
      throw new UnprocessableEntityException(
          "Carepath delivers rest-hook Subscriptions only (channel.type rest-hook).");
    }
    if (!isHttpUrl(channel.getEndpoint())) {
      throw new UnprocessableEntityException(
          "channel.endpoint must be an http or https URL the notifications are sent to.");
    }
    if (!properties.allowsEndpoint(channel.getEndpoint())) {
      throw new UnprocessableEntityException(
          "channel.endpoint's host is not one this Carepath sends notifications to"
              + " (carepath.subscription.allowed-hosts): ask its operator to allow it.");
    }
    String criteria = subscription.getCriteria();
    if (criteria == null || !criteria.startsWith("Task?")) {
      throw new UnprocessableEntityException(
          "Subscriptions are on Task, e.g. criteria Task?requester=Organization/<your"
              + " organisation> for your referrals.");
    }
    InMemoryMatchResult probe = matcher.match(criteria, new Task(), null);
    if (!probe.supported()) {
      throw new UnprocessableEntityException(
          "The criteria cannot be matched: " + probe.getUnsupportedReason());
    }
    CurrentUser.get()
        .flatMap(user -> user.organisationOdsCode())
        .ifPresent(ods -> requireOwnOrganisation(criteria, ods));
    if (subscription.getStatus() == null
        || subscription.getStatus() == Subscription.SubscriptionStatus.REQUESTED) {
      subscription.setStatus(Subscription.SubscriptionStatus.ACTIVE);
    }
  }

  /**
   * Whether a Subscription with this {@code end} has ended by {@code now} (FHIR Subscription.end).
   */
  static boolean hasEnded(Optional<Instant> end, Instant now) {
    return end.filter(at -> !at.isAfter(now)).isPresent();
  }

  private String ownOrganisation(String odsCode) {
    return organisationByOds
        .apply(odsCode)
        .orElseThrow(
            () ->
                new ForbiddenOperationException(
                    "Your organisation is not known here, so it cannot subscribe."));
  }

  /** Whether Task criteria name this organisation as requester or owner. */
  private static boolean aboutOwnOrganisation(String criteria, String own) {
    return organisationsNamed(criteria).contains(own);
  }

  /**
   * The organisations ({@code Organization/<id>}) Task criteria name as requester or owner: whom
   * the Subscription is for.
   */
  static Set<String> organisationsNamed(String criteria) {
    if (criteria == null) {
      return Set.of();
    }
    int query = criteria.indexOf('?');
    Map<String, String[]> params =
        UrlUtil.parseQueryString(query < 0 ? "" : criteria.substring(query + 1));
    return Arrays.asList("requester", "owner").stream()
        .map(params::get)
        .filter(values -> values != null)
        .flatMap(Arrays::stream)
        .map(value -> value.startsWith("Organization/") ? value : "Organization/" + value)
        .collect(Collectors.toSet());
  }

  private void requireOwnOrganisation(String criteria, String odsCode) {
    String own = ownOrganisation(odsCode);
    if (!aboutOwnOrganisation(criteria, own)) {
      throw new ForbiddenOperationException(
          "Subscribe to your own organisation's Tasks: criteria must include requester="
              + own
              + " (your referrals) or owner="
              + own
              + " (your work).");
    }
  }

  private static boolean isHttpUrl(String endpoint) {
    try {
      URI uri = URI.create(endpoint == null ? "" : endpoint);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
