package org.carepath.server.subscription;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.carepath.server.fhir.FhirServerInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Subscription;

/**
 * A Subscription's {@code channel.header} carries the subscriber's credentials for its endpoint
 * (e.g. {@code Authorization: Bearer …}): they are used for deliveries and never answered to a
 * client, read or search alike. A client updating its Subscription sends its headers again.
 */
@Interceptor
class SubscriptionSecretsInterceptor implements FhirServerInterceptor {

  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public boolean withoutHeaders(IBaseResource response) {
    if (response instanceof Subscription subscription) {
      strip(subscription);
    } else if (response instanceof Bundle bundle) {
      bundle.getEntry().stream()
          .map(Bundle.BundleEntryComponent::getResource)
          .filter(Subscription.class::isInstance)
          .forEach(resource -> strip((Subscription) resource));
    }
    return true;
  }

  private static void strip(Subscription subscription) {
    if (subscription.getChannel().hasHeader()) {
      subscription.getChannel().getHeader().clear();
    }
  }
}
