package org.carepath.coordination.cds.fhir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.careplan.fhir.EndOfLifeEntries;
import org.carepath.coordination.cds.PatientViewPolicy;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.carepath.coordination.risk.ElectronicFrailtyIndex;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;

/**
 * Reads what {@link PatientViewPolicy} needs from a patient's record as the caller sees it (the
 * resources of {@code Patient/[id]/$shared-care-plan} and the person's personalised care and
 * support plans): open Tasks, the latest frailty result, whether a pcsp is active, and the
 * end-of-life entries.
 */
public final class PatientViewRecords {

  static final String RISK_MODEL = Canonical.BASE + "/CodeSystem/risk-model";
  static final String RISK_BAND = Canonical.BASE + "/CodeSystem/risk-band";
  static final String CARE_PLAN_CATEGORY = Canonical.BASE + "/CodeSystem/care-plan-category";

  private PatientViewRecords() {}

  public static PatientViewPolicy.Record of(List<? extends IBaseResource> resources) {
    List<PatientViewPolicy.Work> work = new ArrayList<>();
    Optional<RiskAssessment> frailty = Optional.empty();
    boolean pcsp = false;
    List<String> endOfLife = new ArrayList<>();
    for (IBaseResource resource : resources) {
      if (resource instanceof Task task) {
        work.add(work(task));
      } else if (resource instanceof RiskAssessment risk && isFrailty(risk)) {
        if (frailty.isEmpty() || occurrence(risk).isAfter(occurrence(frailty.get()))) {
          frailty = Optional.of(risk);
        }
      } else if (resource instanceof CarePlan plan
          && plan.getStatus() == CarePlan.CarePlanStatus.ACTIVE
          && plan.getCategory().stream().anyMatch(c -> has(c, CARE_PLAN_CATEGORY, "pcsp"))) {
        pcsp = true;
      } else if (resource instanceof Observation observation
          && observation.getCode().getCoding().stream()
              .anyMatch(c -> EndOfLifeEntries.TYPE_SYSTEM.equals(c.getSystem()))) {
        endOfLife.add(describe(observation));
      }
    }
    return new PatientViewPolicy.Record(
        work,
        frailty.flatMap(PatientViewRecords::band),
        frailty.map(PatientViewRecords::occurrence),
        pcsp,
        endOfLife.stream().sorted().collect(Collectors.toList()));
  }

  private static PatientViewPolicy.Work work(Task task) {
    return new PatientViewPolicy.Work(
        task.getIdElement().getIdPart(),
        task.hasDescription()
            ? task.getDescription()
            : text(task.getCode()).orElse("Task " + task.getIdElement().getIdPart()),
        task.getStatus() == null ? "" : task.getStatus().toCode(),
        reference(task.getOwner()),
        reference(task.getRequester()),
        Optional.ofNullable(task.getRestriction().getPeriod().getEnd()).map(d -> d.toInstant()),
        task.getBusinessStatus().getCoding().stream()
            .map(Coding::getCode)
            .filter(code -> code != null)
            .collect(Collectors.toSet()),
        ReferralResources.isReferralTask(task));
  }

  private static boolean isFrailty(RiskAssessment risk) {
    return risk.getMethod().getCoding().stream()
        .anyMatch(
            c ->
                RISK_MODEL.equals(c.getSystem())
                    && ElectronicFrailtyIndex.MODEL.equals(c.getCode()));
  }

  private static Optional<String> band(RiskAssessment risk) {
    return risk.getPrediction().stream()
        .flatMap(p -> p.getQualitativeRisk().getCoding().stream())
        .filter(c -> RISK_BAND.equals(c.getSystem()))
        .map(Coding::getCode)
        .findFirst();
  }

  private static Instant occurrence(RiskAssessment risk) {
    return risk.hasOccurrenceDateTimeType()
        ? risk.getOccurrenceDateTimeType().getValue().toInstant()
        : Instant.EPOCH;
  }

  private static String describe(Observation observation) {
    String what = text(observation.getCode()).orElse("End-of-life entry");
    String value =
        observation.hasValueCodeableConcept()
            ? text(observation.getValueCodeableConcept()).orElse("")
            : observation.hasValueStringType() ? observation.getValueStringType().getValue() : "";
    String when =
        observation.hasEffectiveDateTimeType()
            ? " (" + observation.getEffectiveDateTimeType().getValueAsString() + ")"
            : "";
    return what + (value.isEmpty() ? "" : ": " + value) + when;
  }

  private static Optional<String> text(CodeableConcept concept) {
    if (concept.hasText()) {
      return Optional.of(concept.getText());
    }
    return concept.getCoding().stream()
        .sorted(Comparator.comparing(c -> c.hasDisplay() ? 0 : 1))
        .map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode())
        .filter(s -> s != null)
        .findFirst();
  }

  private static Optional<String> reference(Reference reference) {
    return Optional.ofNullable(reference.getReference()).filter(r -> !r.isBlank());
  }

  private static boolean has(CodeableConcept concept, String system, String code) {
    return concept.getCoding().stream()
        .anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode()));
  }
}
