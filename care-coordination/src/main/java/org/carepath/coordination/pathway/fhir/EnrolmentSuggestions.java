package org.carepath.coordination.pathway.fhir;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.carepath.coordination.Canonical;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * A suggestion to the care coordinator to enrol a patient in a pathway, as a FHIR Task: a ready
 * proposal coded {@code coordinator-suggestion#pathway-enrolment}, the pathway as an input, owned
 * by the patient's PCN (or unowned, to show as unclaimed). One per patient and pathway: its id.
 */
public final class EnrolmentSuggestions {

  static final String CODE_SYSTEM = Canonical.codeSystem("coordinator-suggestion");
  static final String CODE = "pathway-enrolment";

  private EnrolmentSuggestions() {}

  /** The suggestion's Task id (at most one per patient and pathway). */
  public static String id(String pathway, String patientId) {
    return "suggest-" + pathway + "-" + patientId;
  }

  public static Task suggestion(
      String pathway, String patientId, Optional<String> pcn, Instant now) {
    Task task = new Task();
    task.setId(id(pathway, patientId));
    task.setStatus(Task.TaskStatus.READY);
    task.setIntent(Task.TaskIntent.PROPOSAL);
    task.setCode(
        new CodeableConcept(
            new Coding(CODE_SYSTEM, CODE, "Consider enrolling the patient in a pathway")));
    task.setFor(new Reference("Patient/" + patientId));
    task.addInput()
        .setType(new CodeableConcept().setText("pathway"))
        .setValue(new StringType(pathway));
    task.setAuthoredOn(Date.from(now));
    pcn.ifPresent(owner -> task.setOwner(new Reference(owner)));
    return task;
  }
}
