package org.carepath.server.benchmark;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.SplittableRandom;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A patient's record shaped as Synthea exports it, for the ingest comparison: one transaction of
 * hundreds of entries, each a plain {@code POST} with a {@code urn:uuid} full URL that later
 * entries refer to (no conditional create), and per encounter the encounter, its vital signs, a
 * procedure, a Claim naming them and the ExplanationOfBenefit of that claim. Generated here, no
 * Synthea data is committed; the caseload record it extends (the Patient, conditions, measurements
 * and medicines) comes from the demo's synthetic population, so both servers receive valid records.
 */
final class SyntheaShapedRecord {

  private static final String LOINC = "http://loinc.org";
  private static final String SNOMED = "http://snomed.info/sct";
  private static final String UCUM = "http://unitsofmeasure.org";

  private final Bundle bundle;
  private final Reference patient;
  private final Reference provider;
  private final SplittableRandom random;
  private final LocalDate today;

  private SyntheaShapedRecord(
      Bundle caseload, String practice, SplittableRandom random, LocalDate today) {
    this.bundle = caseload;
    this.patient = new Reference(caseload.getEntryFirstRep().getFullUrl());
    this.provider = new Reference(practice);
    this.random = random;
    this.today = today;
  }

  /**
   * The caseload record {@code caseload} (its first entry the Patient) with {@code encounters}
   * Synthea-shaped encounters added: six entries each.
   */
  static Bundle of(Bundle caseload, String practice, int encounters, long seed, LocalDate today) {
    SyntheaShapedRecord record =
        new SyntheaShapedRecord(caseload, practice, new SplittableRandom(seed), today);
    for (int i = 0; i < encounters; i++) {
      record.addEncounter();
    }
    return record.bundle;
  }

  private void addEncounter() {
    LocalDate day = today.minusDays(1 + random.nextInt(3650));
    DateTimeType start = new DateTimeType(day + "T09:" + (10 + random.nextInt(40)) + ":00Z");
    DateTimeType end = new DateTimeType(day + "T09:55:00Z");

    Encounter encounter = new Encounter();
    encounter.setStatus(Encounter.EncounterStatus.FINISHED);
    encounter.setClass_(
        new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
    encounter.addType(snomed("185345009", "Encounter for symptom"));
    encounter.setSubject(patient);
    encounter.setPeriod(new Period().setStartElement(start).setEndElement(end));
    encounter.setServiceProvider(provider);
    Reference encounterRef = post(encounter);

    post(vitalSign("8867-4", "Heart rate", 55 + random.nextInt(45), "/min", encounterRef, start));
    post(vitalSign("29463-7", "Body weight", 50 + random.nextInt(60), "kg", encounterRef, start));

    Procedure procedure = new Procedure();
    procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
    procedure.setCode(snomed("430193006", "Medication reconciliation (procedure)"));
    procedure.setSubject(patient);
    procedure.setEncounter(encounterRef);
    procedure.setPerformed(new Period().setStartElement(start).setEndElement(end));
    Reference procedureRef = post(procedure);

    Money charge =
        new Money().setValue(new BigDecimal(60 + random.nextInt(140))).setCurrency("GBP");
    Claim claim = new Claim();
    claim.setStatus(Claim.ClaimStatus.ACTIVE);
    claim.setType(concept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"));
    claim.setUse(Claim.Use.CLAIM);
    claim.setPatient(patient);
    claim.setBillablePeriod(new Period().setStartElement(start).setEndElement(end));
    claim.setCreatedElement(end);
    claim.setProvider(provider);
    claim.setPriority(concept("http://terminology.hl7.org/CodeSystem/processpriority", "normal"));
    claim
        .addInsurance()
        .setSequence(1)
        .setFocal(true)
        .setCoverage(new Reference().setDisplay("NHS"));
    claim.addProcedure().setSequence(1).setProcedure(procedureRef);
    claim
        .addItem()
        .setSequence(1)
        .setProductOrService(encounter.getTypeFirstRep())
        .addEncounter(encounterRef)
        .setNet(charge);
    claim.setTotal(charge);
    Reference claimRef = post(claim);

    ExplanationOfBenefit benefit = new ExplanationOfBenefit();
    benefit.setStatus(ExplanationOfBenefit.ExplanationOfBenefitStatus.ACTIVE);
    benefit.setType(claim.getType());
    benefit.setUse(ExplanationOfBenefit.Use.CLAIM);
    benefit.setPatient(patient);
    benefit.setBillablePeriod(claim.getBillablePeriod());
    benefit.setCreatedElement(end);
    benefit.setInsurer(new Reference().setDisplay("NHS England"));
    benefit.setProvider(provider);
    benefit.setClaim(claimRef);
    benefit.setOutcome(ExplanationOfBenefit.RemittanceOutcome.COMPLETE);
    benefit.addInsurance().setFocal(true).setCoverage(new Reference().setDisplay("NHS"));
    benefit
        .addItem()
        .setSequence(1)
        .setProductOrService(encounter.getTypeFirstRep())
        .addEncounter(encounterRef)
        .setNet(charge);
    benefit
        .addTotal()
        .setCategory(concept("http://terminology.hl7.org/CodeSystem/adjudication", "submitted"))
        .setAmount(charge);
    post(benefit);
  }

  private Observation vitalSign(
      String code, String display, int value, String unit, Reference encounter, DateTimeType at) {
    Observation observation = new Observation();
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.addCategory(
        concept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs"));
    observation.setCode(new CodeableConcept(new Coding(LOINC, code, display)).setText(display));
    observation.setSubject(patient);
    observation.setEncounter(encounter);
    observation.setEffective(at);
    observation.setValue(
        new Quantity().setValue(value).setUnit(unit).setSystem(UCUM).setCode(unit));
    return observation;
  }

  /** Adds {@code resource} as a plain POST under a new urn:uuid; answers a reference to it. */
  private Reference post(Resource resource) {
    String fullUrl = "urn:uuid:" + new UUID(random.nextLong(), random.nextLong());
    bundle
        .addEntry()
        .setFullUrl(fullUrl)
        .setResource(resource)
        .getRequest()
        .setMethod(HTTPVerb.POST)
        .setUrl(resource.fhirType());
    return new Reference(fullUrl);
  }

  private static CodeableConcept snomed(String code, String display) {
    return new CodeableConcept(new Coding(SNOMED, code, display)).setText(display);
  }

  private static CodeableConcept concept(String system, String code) {
    return new CodeableConcept(new Coding(system, code, null));
  }
}
