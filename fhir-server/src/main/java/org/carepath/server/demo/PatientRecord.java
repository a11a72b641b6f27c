package org.carepath.server.demo;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.carepath.coordination.patient.NhsNumber;
import org.carepath.server.demo.ClinicalCodes.Condition;
import org.carepath.server.demo.ClinicalCodes.Measurement;
import org.carepath.server.demo.ClinicalCodes.Medicine;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Builds one synthetic patient's record as a transaction Bundle of conditional creates: each entry
 * carries a deterministic identifier and {@code ifNoneExist} on it, and refers to the patient by
 * {@code urn:uuid}. Used by {@link SyntheticPopulation}.
 */
final class PatientRecord {
  final Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
  final String nhsNumber;
  final SplittableRandom random;
  final LocalDate today;
  final int yearsOfHistory;
  final Reference subject;
  int sequence;

  PatientRecord(String nhsNumber, SplittableRandom random, LocalDate today, int yearsOfHistory) {
    this.nhsNumber = nhsNumber;
    this.random = random;
    this.today = today;
    this.yearsOfHistory = yearsOfHistory;
    this.subject =
        new Reference(
            "urn:uuid:"
                + UUID.nameUUIDFromBytes(
                    ("patient:" + nhsNumber).getBytes(StandardCharsets.UTF_8)));
  }

  void add(Resource resource, String identifierValue) {
    var entry = bundle.addEntry().setResource(resource);
    String condition;
    if (resource instanceof Patient) {
      entry.setFullUrl(subject.getReference());
      condition = "identifier=" + NhsNumber.SYSTEM + "|" + nhsNumber;
    } else {
      entry.setFullUrl(
          "urn:uuid:" + UUID.nameUUIDFromBytes(identifierValue.getBytes(StandardCharsets.UTF_8)));
      condition = "identifier=" + SyntheticPopulation.IDENTIFIER_SYSTEM + "|" + identifierValue;
    }
    entry
        .getRequest()
        .setMethod(HTTPVerb.POST)
        .setUrl(resource.fhirType())
        .setIfNoneExist(condition);
  }

  Identifier nextIdentifier(String kind) {
    return new Identifier()
        .setSystem(SyntheticPopulation.IDENTIFIER_SYSTEM)
        .setValue(nhsNumber + "-" + kind + "-" + (++sequence));
  }

  void addCondition(Condition condition, int age) {
    var resource = new org.hl7.fhir.r4.model.Condition();
    Identifier identifier = nextIdentifier("condition");
    resource.addIdentifier(identifier);
    resource.setClinicalStatus(
        concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"));
    resource.setVerificationStatus(
        concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"));
    resource.addCategory(
        concept("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item"));
    resource.setCode(condition.concept());
    resource.setSubject(subject);
    int yearsAgo = 1 + random.nextInt(Math.max(1, Math.min(age - 1, 20)));
    LocalDate onset = today.minusYears(yearsAgo).minusDays(random.nextInt(365));
    resource.setOnset(day(onset));
    resource.setRecordedDateElement(day(onset));
    add(resource, identifier.getValue());
  }

  void addMeasurements(Set<Condition> conditions, int age) {
    if (age < 18) {
      return;
    }
    boolean diabetic =
        conditions.contains(Condition.TYPE_2_DIABETES)
            || conditions.contains(Condition.TYPE_1_DIABETES);
    double control = random.nextGaussian(); // this person's usual HbA1c, in SDs from 58
    for (int year = 0; year < yearsOfHistory; year++) {
      LocalDate when = today.minusYears(year).minusDays(random.nextInt(200));
      addBloodPressure(when, conditions.contains(Condition.HYPERTENSION));
      if (diabetic) {
        for (int half = 0; half < 2; half++) {
          double hba1c = 58 + 12 * control + 4 * random.nextGaussian();
          addQuantity(
              Measurement.HBA1C, when.minusDays(180L * half), round(hba1c, 0), "laboratory");
        }
        addQuantity(
            Measurement.CHOLESTEROL,
            when,
            round(4.6 + 0.9 * random.nextGaussian(), 1),
            "laboratory");
        addQuantity(
            Measurement.URINE_ACR,
            when,
            round(Math.abs(2 + 3 * random.nextGaussian()), 1),
            "laboratory");
      }
      if (diabetic || conditions.contains(Condition.CKD_STAGE_3)) {
        addQuantity(
            Measurement.CREATININE, when, round(85 + 25 * random.nextGaussian(), 0), "laboratory");
      }
      if (conditions.contains(Condition.COPD)) {
        addQuantity(Measurement.FEV1, when, round(1.6 + 0.4 * random.nextGaussian(), 2), "exam");
      }
    }
    addQuantity(
        Measurement.BMI,
        today.minusDays(random.nextInt(365)),
        round(27 + 5 * random.nextGaussian(), 1),
        "vital-signs");
    Observation smoking =
        observation(
            Measurement.SMOKING_STATUS, today.minusDays(random.nextInt(700)), "social-history");
    double draw = random.nextDouble();
    smoking.setValue(
        draw < 0.55
            ? ClinicalCodes.NEVER_SMOKED
            : draw < 0.87 ? ClinicalCodes.EX_SMOKER : ClinicalCodes.SMOKER);
    add(smoking, smoking.getIdentifierFirstRep().getValue());
  }

  private void addBloodPressure(LocalDate when, boolean hypertensive) {
    Observation bp = observation(Measurement.BLOOD_PRESSURE, when, "vital-signs");
    double systolic = (hypertensive ? 142 : 126) + 12 * random.nextGaussian();
    bp.addComponent()
        .setCode(Measurement.SYSTOLIC.concept())
        .setValue(quantity(Measurement.SYSTOLIC, round(systolic, 0)));
    bp.addComponent()
        .setCode(Measurement.DIASTOLIC.concept())
        .setValue(
            quantity(Measurement.DIASTOLIC, round(systolic * 0.6 + 5 * random.nextGaussian(), 0)));
    add(bp, bp.getIdentifierFirstRep().getValue());
  }

  private void addQuantity(Measurement measurement, LocalDate when, double value, String category) {
    Observation observation = observation(measurement, when, category);
    observation.setValue(quantity(measurement, value));
    add(observation, observation.getIdentifierFirstRep().getValue());
  }

  private Observation observation(Measurement measurement, LocalDate when, String category) {
    Observation observation = new Observation();
    observation.addIdentifier(nextIdentifier("observation"));
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.addCategory(
        concept("http://terminology.hl7.org/CodeSystem/observation-category", category));
    observation.setCode(measurement.concept());
    observation.setSubject(subject);
    observation.setEffective(day(when));
    return observation;
  }

  /** The medicines a person with these conditions is recorded as taking. */
  static Set<Medicine> medicinesFor(Set<Condition> conditions) {
    Set<Medicine> medicines = EnumSet.noneOf(Medicine.class);
    conditions.forEach(condition -> medicines.addAll(List.of(condition.medicines)));
    if (conditions.contains(Condition.TYPE_2_DIABETES)
        || conditions.contains(Condition.HEART_FAILURE)) {
      medicines.add(Medicine.ATORVASTATIN);
    }
    if (conditions.size() >= 3) {
      medicines.add(Medicine.OMEPRAZOLE);
      medicines.add(Medicine.ASPIRIN);
    }
    return medicines;
  }

  void addMedicines(Set<Condition> conditions) {
    for (Medicine medicine : medicinesFor(conditions)) {
      MedicationStatement statement = new MedicationStatement();
      Identifier identifier = nextIdentifier("medication");
      statement.addIdentifier(identifier);
      statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
      statement.setMedication(medicine.concept());
      statement.setSubject(subject);
      statement.setEffective(
          new Period().setStartElement(day(today.minusDays(30 + random.nextInt(1500)))));
      add(statement, identifier.getValue());
    }
  }

  void addConsultations(int conditionCount, String practice) {
    int count = yearsOfHistory * (1 + Math.min(conditionCount, 3));
    for (int i = 0; i < count; i++) {
      Encounter encounter = new Encounter();
      Identifier identifier = nextIdentifier("encounter");
      encounter.addIdentifier(identifier);
      encounter.setStatus(Encounter.EncounterStatus.FINISHED);
      encounter.setClass_(
          new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
      encounter.addType(ClinicalCodes.GP_CONSULTATION);
      encounter.setSubject(subject);
      LocalDate when = today.minusDays(random.nextInt(365 * Math.max(1, yearsOfHistory)));
      encounter.setPeriod(new Period().setStartElement(day(when)).setEndElement(day(when)));
      encounter.setServiceProvider(new Reference(practice));
      add(encounter, identifier.getValue());
    }
  }

  static Quantity quantity(Measurement measurement, double value) {
    return new Quantity()
        .setValue(value)
        .setUnit(measurement.unit)
        .setSystem(ClinicalCodes.UCUM)
        .setCode(measurement.unit);
  }

  static org.hl7.fhir.r4.model.CodeableConcept concept(String system, String code) {
    return new org.hl7.fhir.r4.model.CodeableConcept(new Coding(system, code, null));
  }

  static double round(double value, int places) {
    double scale = Math.pow(10, places);
    return Math.round(value * scale) / scale;
  }

  static DateTimeType day(LocalDate day) {
    return new DateTimeType(day.toString());
  }
}
