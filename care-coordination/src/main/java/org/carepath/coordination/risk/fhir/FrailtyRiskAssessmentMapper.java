package org.carepath.coordination.risk.fhir;

import java.util.Date;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.risk.ElectronicFrailtyIndex;
import org.carepath.coordination.risk.FrailtyScore;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * An eFI result as a RiskAssessment conforming to Carepath's {@code carepath-risk-assessment}
 * profile: method = the model and its version, prediction = score (extension) and band, one
 * risk-factor extension per deficit found, basis = the records that evidence them.
 */
public final class FrailtyRiskAssessmentMapper {

  public static final String PROFILE =
      Canonical.BASE + "/StructureDefinition/carepath-risk-assessment";
  public static final String IDENTIFIER_SYSTEM = Canonical.BASE + "/Id/risk-assessment";

  private FrailtyRiskAssessmentMapper() {}

  /** The identifier of a patient's current result for the model: one resource, new versions. */
  public static String identifierValue(String patientId) {
    return patientId + "-" + ElectronicFrailtyIndex.MODEL;
  }

  public static RiskAssessment toRiskAssessment(String patientId, FrailtyScore score, Date when) {
    RiskAssessment assessment = new RiskAssessment();
    assessment.getMeta().addProfile(PROFILE);
    assessment.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(identifierValue(patientId));
    for (FrailtyScore.DeficitFound deficit : score.deficits()) {
      assessment.addExtension(
          Canonical.BASE + "/StructureDefinition/risk-factor",
          new CodeableConcept(
              new Coding(Canonical.BASE + "/CodeSystem/efi-deficit", deficit.deficit(), null)));
    }
    assessment.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
    assessment.setMethod(
        new CodeableConcept(
            new Coding(
                    Canonical.BASE + "/CodeSystem/risk-model",
                    ElectronicFrailtyIndex.MODEL,
                    "Electronic frailty index")
                .setVersion(ElectronicFrailtyIndex.VERSION)));
    assessment.setSubject(new Reference("Patient/" + patientId));
    assessment.setOccurrence(new DateTimeType(when));
    score.evidence().forEach(reference -> assessment.addBasis(new Reference(reference)));
    var prediction = assessment.addPrediction();
    prediction.addExtension(
        Canonical.BASE + "/StructureDefinition/risk-score", new DecimalType(score.reportedScore()));
    prediction.setQualitativeRisk(
        new CodeableConcept(
            new Coding(Canonical.BASE + "/CodeSystem/risk-band", score.band().code(), null)));
    return assessment;
  }
}
