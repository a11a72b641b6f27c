package org.carepath.server.cdshooks;

import ca.uhn.hapi.fhir.cdshooks.api.CdsServiceFeedback;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceAcceptedSuggestionJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceFeebackOutcomeEnum;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceFeedbackJson;
import java.util.Optional;
import org.carepath.server.audit.AuditTrail;
import org.carepath.server.pathway.PathwayEnrolment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The {@code carepath-patient-view} feedback endpoint ({@code POST
 * /cds-services/carepath-patient-view/feedback}): when the clinician accepts a card's "enrol"
 * suggestion, the EHR reports it and Carepath enrols the patient — as the server, whose enrolment
 * rule decides again on the whole record — once, for the EHR the suggestion was given to, before it
 * expires; audited with who accepted it. Other feedback (overridden, ignored) changes nothing.
 * Public, as HAPI's module calls it by reflection.
 */
public final class PatientViewFeedback {

  private static final Logger log = LoggerFactory.getLogger(PatientViewFeedback.class);

  private final EnrolmentSuggestions suggestions;
  private final PathwayEnrolment enrolment;
  private final AuditTrail audit;

  PatientViewFeedback(
      EnrolmentSuggestions suggestions, PathwayEnrolment enrolment, AuditTrail audit) {
    this.suggestions = suggestions;
    this.enrolment = enrolment;
    this.audit = audit;
  }

  @CdsServiceFeedback(PatientViewService.ID)
  public CdsServiceFeedbackJson feedback(CdsServiceFeedbackJson feedback) {
    if (feedback.getOutcome() != CdsServiceFeebackOutcomeEnum.accepted
        || feedback.getAcceptedSuggestions() == null) {
      return feedback;
    }
    Optional<String> issuer = ehrIssuer();
    if (issuer.isEmpty()) {
      return feedback;
    }
    for (CdsServiceAcceptedSuggestionJson accepted : feedback.getAcceptedSuggestions()) {
      if (accepted.getId() == null) {
        continue;
      }
      suggestions
          .accept(accepted.getId(), issuer.get())
          .ifPresent(
              suggestion -> {
                Optional<PathwayEnrolment.Result> result =
                    enrolment.enrolAsServer(suggestion.pathway(), suggestion.patientId());
                audit.suggestionAccepted(
                    suggestion.subject(),
                    suggestion.odsCode(),
                    suggestion.patientId(),
                    suggestion.pathway(),
                    result.map(Enum::name).orElse("UNKNOWN_PATHWAY"));
                log.info(
                    "Enrolment suggestion accepted: pathway {}, outcome {}",
                    suggestion.pathway(),
                    result.map(Enum::name).orElse("unknown pathway"));
              });
    }
    suggestions.purge();
    return feedback;
  }

  /** The issuer of the EHR's JWT this call was authenticated with. */
  private static Optional<String> ehrIssuer() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication instanceof JwtAuthenticationToken jwt
            && jwt.getToken().getIssuer() != null
        ? Optional.of(jwt.getToken().getIssuer().toString())
        : Optional.empty();
  }
}
