package org.carepath.coordination.risk.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.carepath.coordination.risk.ClinicalFacts;
import org.carepath.coordination.risk.DeficitCatalogue;
import org.carepath.coordination.risk.ElectronicFrailtyIndex;
import org.carepath.coordination.risk.FrailtyBands;
import org.carepath.coordination.risk.FrailtyEligibilityPolicy;
import org.carepath.coordination.risk.FrailtyScore;
import org.carepath.coordination.terminology.Code;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The eFI as Carepath runs it: deficits from the terminology module's value sets. */
class EfiTerminologyTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static List<ValueSet> terminology;
  private static List<ValueSet> efiValueSets;
  private static DeficitCatalogue catalogue;

  @BeforeAll
  static void readTerminology() {
    // Read as the server reads it: every value set of the terminology (the deficits include shared
    // condition lists) and the deficit CodeSystem.
    terminology = TerminologyFiles.valueSets();
    efiValueSets =
        DEFICITS.stream().map(deficit -> TerminologyFiles.valueSet("efi-" + deficit)).toList();
    catalogue =
        DeficitCatalogueReader.read(TerminologyFiles.codeSystem("efi-deficit"), terminology);
  }

  @Test
  void aDeficitWithoutItsValueSetIsAConfigurationError() {
    CodeSystem deficits = TerminologyFiles.codeSystem("efi-deficit");
    List<ValueSet> missingFalls =
        terminology.stream().filter(vs -> !vs.getUrl().endsWith("efi-falls")).toList();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DeficitCatalogueReader.read(deficits, missingFalls))
        .hasMessageContaining("falls");
  }

  @Test
  void thirtySixDeficitsThirtyFiveOfThemByCode() {
    assertThat(catalogue.deficitCount()).isEqualTo(36);
    assertThat(catalogue.deficits()).hasSize(35).doesNotContain(DeficitCatalogue.POLYPHARMACY);
  }

  @TestFactory
  Stream<DynamicTest> eachDeficitIsDetectedFromEachOfItsCodes() {
    return efiValueSets.stream()
        .filter(vs -> !vs.getUrl().endsWith("polypharmacy") && !vs.getUrl().endsWith("efi-deficit"))
        .flatMap(
            vs ->
                ValueSetCodes.enumerated(vs, terminology).stream()
                    .sorted(java.util.Comparator.comparing(Code::code))
                    .map(
                        concept ->
                            DynamicTest.dynamicTest(
                                vs.getIdElement().getIdPart() + " " + concept.code(),
                                () -> {
                                  String deficit =
                                      vs.getUrl().substring(DeficitCatalogueReader.PREFIX.length());
                                  assertThat(catalogue.deficitsEvidencedBy(List.of(concept)))
                                      .contains(deficit);
                                })));
  }

  @Test
  void aRecordBecomesAProfileConformantRiskAssessment() {
    Patient patient = new Patient();
    patient.setId("p1");
    patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1940-05-01"));
    List<Condition> conditions = new ArrayList<>();
    for (String code :
        List.of(
            "161898004",
            "38341003",
            "49436004",
            "84114007",
            "396275006",
            "15188001",
            "165232002",
            "397540003")) {
      Condition c =
          new Condition().setCode(new CodeableConcept(new Coding(Code.SNOMED, code, null)));
      c.setId("c" + code);
      conditions.add(c);
    }
    Condition refuted =
        new Condition().setCode(new CodeableConcept(new Coding(Code.SNOMED, "64859006", null)));
    refuted.setVerificationStatus(
        new CodeableConcept(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-ver-status", "refuted", null)));
    refuted.setId("refuted");
    conditions.add(refuted);
    List<MedicationStatement> medicines = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      MedicationStatement m =
          new MedicationStatement().setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
      m.setId("m" + i);
      medicines.add(m);
    }

    ClinicalFacts facts =
        ClinicalFactsReader.read(
            patient, conditions, List.of(), medicines, LocalDate.of(2026, 11, 22));
    var index =
        new ElectronicFrailtyIndex(
            catalogue, FrailtyBands.defaults(), new FrailtyEligibilityPolicy(65), 5);
    FrailtyScore score = ((ElectronicFrailtyIndex.Scored) index.assess(facts)).score();

    assertThat(facts.ageYears()).isEqualTo(86);
    assertThat(score.deficits())
        .hasSize(9); // 8 conditions + polypharmacy; refuted osteoporosis not
    assertThat(score.band()).isEqualTo(FrailtyBands.Band.MODERATE);

    RiskAssessment assessment =
        FrailtyRiskAssessmentMapper.toRiskAssessment("p1", score, new Date());
    assertThat(assessment.getMeta().getProfile().get(0).getValue())
        .isEqualTo(FrailtyRiskAssessmentMapper.PROFILE);
    assertThat(assessment.getMethod().getCodingFirstRep().getVersion())
        .isEqualTo(ElectronicFrailtyIndex.VERSION);
    assertThat(
            assessment.getPredictionFirstRep().getQualitativeRisk().getCodingFirstRep().getCode())
        .isEqualTo("moderate");
    assertThat(
            assessment.getPredictionFirstRep().getExtensionFirstRep().getValue().primitiveValue())
        .isEqualTo("0.25");
    assertThat(assessment.getExtension()).hasSize(9);
    assertThat(assessment.getBasis())
        .extracting(r -> r.getReference())
        .contains("Condition/c161898004", "MedicationStatement/m0")
        .doesNotContain("Condition/refuted");
  }

  private static final List<String> DEFICITS =
      List.of(
          "activity-limitation",
          "anaemia",
          "arthritis",
          "atrial-fibrillation",
          "cerebrovascular-disease",
          "chronic-kidney-disease",
          "diabetes",
          "dizziness",
          "dyspnoea",
          "falls",
          "foot-problems",
          "fragility-fracture",
          "hearing-impairment",
          "heart-failure",
          "heart-valve-disease",
          "housebound",
          "hypertension",
          "hypotension-syncope",
          "ischaemic-heart-disease",
          "memory-cognitive-problems",
          "mobility-transfer-problems",
          "osteoporosis",
          "parkinsonism-tremor",
          "peptic-ulcer",
          "peripheral-vascular-disease",
          "polypharmacy",
          "requirement-for-care",
          "respiratory-disease",
          "skin-ulcer",
          "sleep-disturbance",
          "social-vulnerability",
          "thyroid-disease",
          "urinary-incontinence",
          "urinary-system-disease",
          "visual-impairment",
          "weight-loss-anorexia");
}
