package org.carepath.coordination.risk.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.carepath.coordination.risk.ClinicalFacts;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestIntent;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** Medicines as GP and hospital systems (and Synthea) send them: statements and prescriptions. */
class ClinicalFactsReaderTest {

  private static final String DMD = "https://dmd.nhs.uk";

  @Test
  void currentPrescriptionsAreActiveMedicinesProposalsAndStoppedOnesAreNot() {
    List<Resource> medicines =
        List.of(
            prescription(
                "r1",
                "39720311000001101",
                MedicationRequestStatus.ACTIVE,
                MedicationRequestIntent.ORDER),
            prescription(
                "r2",
                "42206511000001102",
                MedicationRequestStatus.ACTIVE,
                MedicationRequestIntent.PLAN),
            prescription(
                "r3",
                "39113611000001102",
                MedicationRequestStatus.STOPPED,
                MedicationRequestIntent.ORDER),
            prescription(
                "r4",
                "41946511000001107",
                MedicationRequestStatus.ACTIVE,
                MedicationRequestIntent.PROPOSAL));

    ClinicalFacts facts = read(medicines);

    assertThat(facts.activeMedicines())
        .extracting(ClinicalFacts.Medicine::reference)
        .containsExactly("MedicationRequest/r1", "MedicationRequest/r2");
    assertThat(ClinicalFactsReader.subjectOf(medicines.get(0))).contains("p1");
  }

  @Test
  void oneProductRecordedAsAStatementAndAPrescriptionIsOneMedicine() {
    MedicationStatement statement =
        new MedicationStatement()
            .setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE)
            .setMedication(new CodeableConcept(new Coding(DMD, "39720311000001101", null)));
    statement.setId("s1");
    MedicationStatement uncoded =
        new MedicationStatement().setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
    uncoded.setId("s2");

    ClinicalFacts facts =
        read(
            List.of(
                statement,
                uncoded,
                prescription(
                    "r1",
                    "39720311000001101",
                    MedicationRequestStatus.ACTIVE,
                    MedicationRequestIntent.ORDER)));

    assertThat(facts.activeMedicines()).hasSize(3);
    assertThat(facts.distinctMedicines())
        .extracting(ClinicalFacts.Medicine::reference)
        .containsExactly("MedicationStatement/s1", "MedicationStatement/s2");
  }

  private static ClinicalFacts read(List<? extends Resource> medicines) {
    Patient patient = new Patient().setBirthDateElement(new DateType("1940-01-01"));
    patient.setId("p1");
    return ClinicalFactsReader.read(
        patient, List.of(), List.of(), medicines, LocalDate.of(2026, 12, 7));
  }

  private static MedicationRequest prescription(
      String id, String product, MedicationRequestStatus status, MedicationRequestIntent intent) {
    MedicationRequest request =
        new MedicationRequest()
            .setStatus(status)
            .setIntent(intent)
            .setMedication(new CodeableConcept(new Coding(DMD, product, null)))
            .setSubject(new Reference("Patient/p1"));
    request.setId(id);
    return request;
  }
}
