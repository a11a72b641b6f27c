package org.carepath.server.referral;

import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.referral.RoutingDecision;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.carepath.server.conformance.CarepathValidator;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A referral not yet sent, as the referral workflow would take it: where it would be routed and by
 * when accepted, what of the minimum data set it lacks, whether the falls rule would refuse it.
 * Stores nothing. For callers that have already checked the caller may see the patient.
 */
public final class ReferralPreview {

  /** What sending the draft would do. */
  public record Preview(
      Optional<String> routedTo,
      String routingReason,
      Optional<Instant> acceptBy,
      List<String> missing,
      Optional<String> fallsRefusal) {}

  private final Referrals referrals;
  private final CarepathValidator validator;

  ReferralPreview(Referrals referrals, CarepathValidator validator) {
    this.referrals = referrals;
    this.validator = validator;
  }

  public Preview of(ServiceRequest draft) {
    ServiceRequest referral = draft.copy();
    if (!ReferralResources.isReferral(referral)) {
      referral.addCategory(
          new CodeableConcept(
              new Coding(ReferralResources.SNOMED, ReferralResources.PATIENT_REFERRAL, null)));
    }
    ValidationResult result =
        validator.validate(referral, List.of(ReferralResources.REFERRAL_PROFILE));
    List<String> missing =
        result.getMessages().stream()
            .filter(CarepathValidator::isError)
            .map(ReferralPreview::describe)
            .distinct()
            .toList();
    Referrals.Routing routing = referrals.route(referral);
    Optional<String> routedTo =
        routing.decision() instanceof RoutingDecision.Routed routed
            ? Optional.of(routed.service().name())
            : Optional.empty();
    String reason =
        routing.decision() instanceof RoutingDecision.Routed routed
            ? routed.reason()
            : ((RoutingDecision.Unroutable) routing.decision()).reason();
    return new Preview(routedTo, reason, routing.acceptBy(), missing, referrals.refusal(referral));
  }

  private static String describe(SingleValidationMessage message) {
    String where = message.getLocationString();
    return (where == null || where.isBlank() ? "" : where + ": ") + message.getMessage();
  }
}
