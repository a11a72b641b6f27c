package org.carepath.coordination.risk.fhir;

import java.util.Date;
import java.util.Optional;
import org.carepath.coordination.Canonical;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * A suggestion for a care coordinator as a FHIR Task: a proposal (intent), coded from the {@code
 * coordinator-suggestion} CodeSystem, for the patient, focused on the RiskAssessment that raised
 * it, owned by the patient's registered practice (or unowned, to appear as unclaimed).
 */
public final class SuggestionTaskMapper {

  public static final String IDENTIFIER_SYSTEM = Canonical.BASE + "/Id/suggestion";
  static final String CODE_SYSTEM = Canonical.BASE + "/CodeSystem/coordinator-suggestion";
  public static final String SEVERE_FRAILTY_REVIEW = "severe-frailty-review";

  private SuggestionTaskMapper() {}

  /**
   * @param identifierValue unique per raising result (e.g. the RiskAssessment's id and version), so
   *     a retry finds the same suggestion
   */
  public static Task severeFrailtyReview(
      String identifierValue,
      String patientReference,
      String riskAssessmentReference,
      Optional<String> practiceReference,
      String reason,
      Date when) {
    Task task = new Task();
    task.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(identifierValue);
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setIntent(Task.TaskIntent.PROPOSAL);
    task.setPriority(Task.TaskPriority.ROUTINE);
    task.setCode(
        new CodeableConcept(
            new Coding(
                CODE_SYSTEM,
                SEVERE_FRAILTY_REVIEW,
                "Severe frailty: consider an MDT case review and a personalised care and support plan")));
    task.setDescription(reason);
    task.setFor(new Reference(patientReference));
    task.setFocus(new Reference(riskAssessmentReference));
    task.setReasonReference(new Reference(riskAssessmentReference));
    task.setAuthoredOn(when);
    practiceReference.ifPresent(practice -> task.setOwner(new Reference(practice)));
    return task;
  }
}
