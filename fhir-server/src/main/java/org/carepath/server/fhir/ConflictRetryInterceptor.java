package org.carepath.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.ResourceVersionConflictResolutionStrategy;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Retries a write that lost a race, so that concurrent re-sends of the same conditional create
 * ({@code If-None-Exist}) all answer with the one resource that was stored instead of the losers
 * failing with 409. A write with {@code If-Match} is not retried: it names a version on purpose and
 * fails with 412 ({@link IfMatchPreconditionInterceptor}).
 */
@Interceptor
class ConflictRetryInterceptor {

  private final int maxRetries;

  ConflictRetryInterceptor(int maxRetries) {
    this.maxRetries = maxRetries;
  }

  @Hook(Pointcut.STORAGE_VERSION_CONFLICT)
  public ResourceVersionConflictResolutionStrategy retryUnlessIfMatch(RequestDetails request) {
    ResourceVersionConflictResolutionStrategy strategy =
        new ResourceVersionConflictResolutionStrategy();
    boolean namedVersion = request != null && request.getHeader(Constants.HEADER_IF_MATCH) != null;
    strategy.setRetry(!namedVersion && maxRetries > 0);
    strategy.setMaxRetries(maxRetries);
    return strategy;
  }
}
