package org.carepath.server.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;

/** The OperationOutcomes the server's refusals carry: one error issue with the reason. */
public final class OperationOutcomes {

  private OperationOutcomes() {}

  /** An outcome with one error issue of {@code type}, its diagnostics {@code reason}. */
  public static OperationOutcome error(OperationOutcome.IssueType type, String reason) {
    OperationOutcome outcome = new OperationOutcome();
    outcome
        .addIssue()
        .setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(type)
        .setDiagnostics(reason);
    return outcome;
  }

  /** A refusal for lack of authority (403): issue type {@code forbidden}. */
  public static OperationOutcome forbidden(String reason) {
    return error(OperationOutcome.IssueType.FORBIDDEN, reason);
  }
}
