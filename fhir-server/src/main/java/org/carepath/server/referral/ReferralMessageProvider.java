package org.carepath.server.referral;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.carepath.coordination.referral.fhir.ReferralMessages;
import org.carepath.server.fhir.FhirOperationProvider;
import org.carepath.server.security.CarepathUser;
import org.carepath.server.security.CurrentUser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * {@code POST [base]/$process-message} — FHIR messaging for referrals, as the NHS Booking and
 * Referral Standard (BaRS) uses it: the body is the message Bundle (or a Parameters with {@code
 * content}); the answer is the response message (200), or an OperationOutcome with BaRS's error
 * code ({@code https://fhir.nhs.uk/CodeSystem/http-error-codes}) and nothing stored: 400 a message
 * that names no workflow, 404 a response to nothing Carepath sent or a withdrawal of a referral it
 * does not hold, 409 a message or referral already received, 422 a workflow Carepath does not take
 * or a referral without its minimum data set. Only translates: {@link ReferralMessageIntake} does
 * the work.
 */
class ReferralMessageProvider implements FhirOperationProvider {

  static final String ERROR_CODES = "https://fhir.nhs.uk/CodeSystem/http-error-codes";
  static final String CORRELATION_ID = "X-Correlation-ID";

  private static final Map<Integer, String> ERROR_CODE_OF_STATUS =
      Map.of(
          400, "REC_BAD_REQUEST",
          401, "REC_UNAUTHORIZED",
          403, "REC_FORBIDDEN",
          404, "REC_NOT_FOUND",
          409, "REC_CONFLICT",
          412, "REC_PRECONDITION_FAILED",
          422, "REC_UNPROCESSABLE_ENTITY");

  /** Issue codes for refusals the workflow raised; others keep the ones they carry. */
  private static final Map<Integer, String> ISSUE_CODE_OF_STATUS =
      Map.of(403, "forbidden", 404, "not-found", 409, "conflict", 412, "conflict");

  private final ReferralMessageIntake intake;

  ReferralMessageProvider(ReferralMessageIntake intake) {
    this.intake = intake;
  }

  @Operation(name = "$process-message", idempotent = false)
  public Bundle processMessage(
      @OperationParam(name = "content", min = 1, max = 1) Bundle content, RequestDetails request) {
    CarepathUser user =
        CurrentUser.get()
            .orElseThrow(() -> new InvalidRequestException("A referral message needs its sender"));
    String sender = user.organisationOdsCode().orElse(user.subject());
    try {
      return intake.process(
          content,
          sender,
          correlationId(request),
          request.getFhirServerBase() + "/$process-message",
          request);
    } catch (ReferralMessages.MalformedMessage malformed) {
      throw withErrorCode(new InvalidRequestException(malformed.getMessage()), "structure");
    } catch (ReferralMessageIntake.Refused refused) {
      throw switch (refused.kind()) {
        case INVALID ->
            withErrorCode(new InvalidRequestException(refused.getMessage()), "invariant");
        case NOT_SUPPORTED ->
            withErrorCode(new UnprocessableEntityException(refused.getMessage()), "not-supported");
        case UNKNOWN_CONVERSATION ->
            withErrorCode(new ResourceNotFoundException(refused.getMessage()), "not-found");
      };
    } catch (ReferralMessageIntake.AlreadyProcessed duplicate) {
      throw withErrorCode(new ReferralRefused.Conflict(duplicate.getMessage()), "duplicate");
    } catch (BaseServerResponseException refused) {
      throw withErrorCode(refused, ISSUE_CODE_OF_STATUS.get(refused.getStatusCode()));
    }
  }

  private static Optional<String> correlationId(RequestDetails request) {
    String value = request.getHeader(CORRELATION_ID);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      UUID.fromString(value.trim());
      return Optional.of(value.trim());
    } catch (IllegalArgumentException notAUuid) {
      throw withErrorCode(
          new InvalidRequestException(CORRELATION_ID + " must be a UUID"), "invalid");
    }
  }

  /**
   * The exception with an OperationOutcome carrying BaRS's error code beside the reason (its own
   * issues kept when it has an OperationOutcome).
   */
  private static BaseServerResponseException withErrorCode(
      BaseServerResponseException exception, String issueCode) {
    String errorCode = ERROR_CODE_OF_STATUS.get(exception.getStatusCode());
    if (errorCode == null) {
      return exception;
    }
    OperationOutcome outcome =
        exception.getOperationOutcome() instanceof OperationOutcome own && own.hasIssue()
            ? own
            : new OperationOutcome();
    if (!outcome.hasIssue()) {
      outcome
          .addIssue()
          .setSeverity(OperationOutcome.IssueSeverity.ERROR)
          .setDiagnostics(exception.getMessage());
    }
    for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
      if (issueCode != null) {
        issue.setCode(OperationOutcome.IssueType.fromCode(issueCode));
      } else if (!issue.hasCode()) {
        issue.setCode(OperationOutcome.IssueType.PROCESSING);
      }
      CodeableConcept details = issue.getDetails();
      if (details.getCoding().stream().noneMatch(c -> ERROR_CODES.equals(c.getSystem()))) {
        details.addCoding(new Coding(ERROR_CODES, errorCode, null));
      }
    }
    exception.setOperationOutcome(outcome);
    return exception;
  }
}
