package org.carepath.server.referral;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.carepath.server.fhir.FhirServerInterceptor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A referral is created at most once per referral number, however it is sent: a plain {@code POST
 * ServiceRequest} or a Bundle entry without a condition is made a conditional create on its
 * referral number ({@code identifier=system|value}), so a re-send — sequential or concurrent —
 * answers with the referral already stored. A sender's own condition is left as it is.
 */
@Interceptor
class ReferralIdempotencyInterceptor implements FhirServerInterceptor {

  private final FhirContext fhirContext;

  ReferralIdempotencyInterceptor(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
  }

  /** A plain create: before its parameters are bound, so the condition is seen. */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public boolean plainCreate(RequestDetails request) {
    if (request.getRequestType() != RequestTypeEnum.POST
        || !"ServiceRequest".equals(request.getResourceName())
        || request.getId() != null
        || request.getOperation() != null
        || request.getHeader(Constants.HEADER_IF_NONE_EXIST) != null) {
      return true;
    }
    byte[] body = request.loadRequestContents();
    if (body == null || body.length == 0) {
      return true;
    }
    String text = new String(body, StandardCharsets.UTF_8);
    if (!text.contains(ReferralResources.PATIENT_REFERRAL)
        && !text.contains(ReferralResources.REFERRAL_PROFILE)) {
      return true;
    }
    try {
      ServiceRequest parsed = fhirContext.newJsonParser().parseResource(ServiceRequest.class, text);
      condition(parsed)
          .ifPresent(condition -> request.addHeader(Constants.HEADER_IF_NONE_EXIST, condition));
    } catch (DataFormatException | ClassCastException notJson) {
      // Left to the create itself, which answers the parse error.
    }
    return true;
  }

  /** A transaction: the parsed Bundle's referral entries without a condition get one. */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void transaction(RequestDetails request, RestOperationTypeEnum operation) {
    if (operation != RestOperationTypeEnum.TRANSACTION
        || !(request.getResource() instanceof Bundle bundle)) {
      return;
    }
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      if (entry.getResource() instanceof ServiceRequest referral
          && entry.getRequest().getMethod() == Bundle.HTTPVerb.POST
          && !entry.getRequest().hasIfNoneExist()) {
        condition(referral).ifPresent(entry.getRequest()::setIfNoneExist);
      }
    }
  }

  private static Optional<String> condition(ServiceRequest request) {
    if (!ReferralResources.isReferral(request)) {
      return Optional.empty();
    }
    return ReferralResources.referralNumber(request)
        .filter(Identifier::hasSystem)
        .map(number -> "identifier=" + number.getSystem() + "|" + number.getValue());
  }
}
