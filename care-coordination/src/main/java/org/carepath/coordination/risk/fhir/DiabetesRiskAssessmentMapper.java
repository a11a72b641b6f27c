package org.carepath.coordination.risk.fhir;

import java.util.Date;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.risk.DiabetesControl;
import org.carepath.coordination.risk.DiabetesControlResult;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * A diabetes control result as a RiskAssessment (profile {@code carepath-risk-assessment}): method
 * = diabetes-control NG28; band from the {@code diabetes-control} CodeSystem; score = the share of
 * the three treatment targets met; one risk-factor per missing care process; a note a clinician can
 * read.
 */
public final class DiabetesRiskAssessmentMapper {

  static final String RISK_MODEL = Canonical.codeSystem("risk-model");
  static final String BAND_SYSTEM = Canonical.codeSystem("diabetes-control");

  private DiabetesRiskAssessmentMapper() {}

  /** Whether a RiskAssessment is a diabetes-control result in the poor-control band. */
  public static boolean isPoorControl(RiskAssessment result) {
    return result.getMethod().getCoding().stream()
            .anyMatch(
                c -> RISK_MODEL.equals(c.getSystem()) && DiabetesControl.MODEL.equals(c.getCode()))
        && result.getPrediction().stream()
            .flatMap(p -> p.getQualitativeRisk().getCoding().stream())
            .anyMatch(
                c ->
                    BAND_SYSTEM.equals(c.getSystem())
                        && DiabetesControlResult.Band.POOR_CONTROL.code().equals(c.getCode()));
  }

  public static String identifierValue(String patientId) {
    return patientId + "-" + DiabetesControl.MODEL;
  }

  public static RiskAssessment toRiskAssessment(
      String patientId, DiabetesControlResult result, Date when) {
    RiskAssessment assessment = new RiskAssessment();
    assessment.getMeta().addProfile(FrailtyRiskAssessmentMapper.PROFILE);
    assessment
        .addIdentifier()
        .setSystem(FrailtyRiskAssessmentMapper.IDENTIFIER_SYSTEM)
        .setValue(identifierValue(patientId));
    for (String missing : result.careProcessesMissing()) {
      assessment.addExtension(
          Canonical.BASE + "/StructureDefinition/risk-factor",
          new CodeableConcept(
                  new Coding(Canonical.BASE + "/CodeSystem/diabetes-care-process", missing, null))
              .setText("care process not recorded in 12 months"));
    }
    assessment.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
    assessment.setMethod(
        new CodeableConcept(
            new Coding(RISK_MODEL, DiabetesControl.MODEL, "Diabetes control")
                .setVersion(DiabetesControl.VERSION)));
    assessment.setSubject(new Reference("Patient/" + patientId));
    assessment.setOccurrence(new DateTimeType(when));
    result.evidence().forEach(reference -> assessment.addBasis(new Reference(reference)));
    var prediction = assessment.addPrediction();
    prediction.addExtension(
        Canonical.BASE + "/StructureDefinition/risk-score",
        new DecimalType(Math.round(result.targetsMet() * 100 / 3.0) / 100.0));
    prediction.setQualitativeRisk(
        new CodeableConcept(new Coding(BAND_SYSTEM, result.band().code(), null)));
    assessment.addNote().setText(summary(result));
    return assessment;
  }

  static String summary(DiabetesControlResult result) {
    return "HbA1c "
        + result
            .latestHba1c()
            .map(v -> Math.round(v) + " mmol/mol")
            .orElse("not recorded in 12 months")
        + " ("
        + result.band().code()
        + "); targets met: "
        + result.targetsMet()
        + " of 3 (HbA1c "
        + said(result.hba1cTarget())
        + "; blood pressure "
        + said(result.bloodPressureTarget())
        + "; cholesterol "
        + said(result.cholesterolTarget())
        + "); care processes in 12 months: "
        + result.careProcessesDone().size()
        + " of "
        + (result.careProcessesDone().size() + result.careProcessesMissing().size())
        + (result.careProcessesMissing().isEmpty()
            ? ""
            : ", missing " + String.join(", ", result.careProcessesMissing()))
        + ".";
  }

  private static String said(DiabetesControlResult.Target target) {
    return target.status().words() + ", " + target.detail();
  }
}
