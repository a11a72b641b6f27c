package org.carepath.server.demo;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
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
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A deterministic synthetic population: patient {@code i} of a given seed is always the same
 * person, whatever else is generated, so any slice can be produced on its own (in parallel, or
 * resumed). Each patient comes as a FHIR transaction Bundle of conditional creates, so posting it
 * twice stores it once.
 *
 * <p>NHS numbers are valid test-range numbers (999…, modulus-11 check digit), unique per index.
 */
public final class SyntheticPopulation {

  /** Identifier system for the synthetic records' business identifiers. */
  public static final String IDENTIFIER_SYSTEM = "https://fhir.carepath.org/Id/synthetic";

  private static final String[] FEMALE_NAMES = {
    "Margaret", "Patricia", "Susan", "Jean", "Linda", "Elizabeth", "Sarah", "Emma", "Olivia",
    "Amelia", "Priya", "Fatima", "Joan", "Dorothy", "Helen", "Rachel", "Aisha", "Grace"
  };
  private static final String[] MALE_NAMES = {
    "John", "David", "Michael", "Peter", "Robert", "James", "William", "Thomas", "Oliver",
    "George", "Harry", "Mohammed", "Arjun", "Brian", "Keith", "Daniel", "Samuel", "Kwame"
  };
  private static final String[] SURNAMES = {
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Wood", "Jackson", "Clarke", "Khan", "Hughes", "Edwards", "Turner", "Ahmed", "Okafor"
  };
  private static final String[] TOWNS = {"Derby", "Chesterfield", "Matlock", "Buxton", "Ilkeston"};

  private final long seed;
  private final PopulationMix mix;
  private final List<String> practices;
  private final LocalDate today;
  private final int yearsOfHistory;

  /**
   * @param seed the population's seed
   * @param mix age structure and prevalence
   * @param practices references of the GP practices patients register with
   * @param today the date the records are generated up to
   * @param yearsOfHistory how many years of measurements and consultations each patient has
   */
  public SyntheticPopulation(
      long seed, PopulationMix mix, List<String> practices, LocalDate today, int yearsOfHistory) {
    if (practices.isEmpty()) {
      throw new IllegalArgumentException("at least one practice is needed");
    }
    this.seed = seed;
    this.mix = mix;
    this.practices = List.copyOf(practices);
    this.today = today;
    this.yearsOfHistory = yearsOfHistory;
  }

  /** Who patient {@code index} is: the truth the records are generated from. */
  public record Person(
      int index,
      String nhsNumber,
      int age,
      boolean female,
      Set<Condition> conditions,
      String practice) {}

  /** A person and the transaction bundle that stores their record. */
  public record GeneratedPatient(Person person, Bundle bundle) {
    public String nhsNumber() {
      return person.nhsNumber();
    }
  }

  /**
   * The test-range NHS number of patient {@code index} (0 to 899,999): each block of ten
   * 999-prefixed numbers has at least nine with a valid check digit; patient i takes the (i mod
   * 9)-th of block i / 9.
   */
  public static String nhsNumberFor(int index) {
    if (index < 0 || index >= 900_000) {
      throw new IllegalArgumentException("index must be in 0..899999");
    }
    int block = index / 9;
    int wanted = index % 9;
    for (int last = 0; last < 10; last++) {
      String nine = String.format("999%05d%d", block, last);
      var check = NhsNumber.checkDigitFor(nine);
      if (check.isPresent() && wanted-- == 0) {
        return nine + check.get();
      }
    }
    throw new IllegalStateException("a block always has nine valid numbers");
  }

  /** Patient {@code index}'s attributes, without building their record (cheap). */
  public Person person(int index) {
    SplittableRandom random = new SplittableRandom(streamSeed(index));
    int age = mix.age(random.nextDouble(), random.nextDouble());
    boolean female = random.nextBoolean();
    Set<Condition> conditions = EnumSet.noneOf(Condition.class);
    for (Condition condition : Condition.values()) {
      if (random.nextDouble() < mix.prevalence(condition, age)) {
        conditions.add(condition);
      }
    }
    if (conditions.contains(Condition.TYPE_1_DIABETES)) {
      conditions.remove(Condition.TYPE_2_DIABETES);
    }
    String practice = practices.get(random.nextInt(practices.size()));
    return new Person(index, nhsNumberFor(index), age, female, Set.copyOf(conditions), practice);
  }

  /** Patient {@code index} and their whole record as a transaction bundle. */
  public GeneratedPatient patient(int index) {
    Person person = person(index);
    // A second stream for the record's details, so the person is the same however it is drawn.
    SplittableRandom random = new SplittableRandom(~streamSeed(index));
    PatientRecord record = new PatientRecord(person.nhsNumber(), random);
    record.add(patientResource(person, random), null);
    person.conditions().stream()
        .sorted()
        .forEach(condition -> record.addCondition(condition, person.age()));
    record.addMeasurements(person.conditions(), person.age());
    record.addMedicines(person.conditions());
    record.addConsultations(person.conditions().size(), person.practice());
    return new GeneratedPatient(person, record.bundle);
  }

  private long streamSeed(int index) {
    return seed * 1_000_003L + index;
  }

  private Patient patientResource(Person person, SplittableRandom random) {
    String nhsNumber = person.nhsNumber();
    int age = person.age();
    boolean female = person.female();
    String practice = person.practice();
    Patient patient = new Patient();
    patient.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(nhsNumber);
    String[] givenNames = female ? FEMALE_NAMES : MALE_NAMES;
    patient
        .addName()
        .setFamily(SURNAMES[random.nextInt(SURNAMES.length)])
        .addGiven(givenNames[random.nextInt(givenNames.length)]);
    patient.setGender(female ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
    LocalDate birthDate = today.minusYears(age).minusDays(random.nextInt(365));
    patient.setBirthDateElement(new DateType(birthDate.toString()));
    patient
        .addAddress()
        .addLine((1 + random.nextInt(120)) + " Synthetic Street")
        .setCity(TOWNS[random.nextInt(TOWNS.length)])
        .setPostalCode("ZZ9 " + (1 + random.nextInt(9)) + "ZZ");
    patient.addGeneralPractitioner(new Reference(practice));
    patient.setManagingOrganization(new Reference(practice));
    return patient;
  }

  /** Builds one patient's transaction bundle. */
  private final class PatientRecord {
    final Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
    final String nhsNumber;
    final SplittableRandom random;
    final Reference subject;
    int sequence;

    PatientRecord(String nhsNumber, SplittableRandom random) {
      this.nhsNumber = nhsNumber;
      this.random = random;
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
        entry.setFullUrl("urn:uuid:" + UUID.nameUUIDFromBytes(identifierValue.getBytes()));
        condition = "identifier=" + IDENTIFIER_SYSTEM + "|" + identifierValue;
      }
      entry
          .getRequest()
          .setMethod(HTTPVerb.POST)
          .setUrl(resource.fhirType())
          .setIfNoneExist(condition);
    }

    Identifier nextIdentifier(String kind) {
      return new Identifier()
          .setSystem(IDENTIFIER_SYSTEM)
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
              Measurement.CREATININE,
              when,
              round(85 + 25 * random.nextGaussian(), 0),
              "laboratory");
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
              quantity(
                  Measurement.DIASTOLIC, round(systolic * 0.6 + 5 * random.nextGaussian(), 0)));
      add(bp, bp.getIdentifierFirstRep().getValue());
    }

    private void addQuantity(
        Measurement measurement, LocalDate when, double value, String category) {
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

    void addMedicines(Set<Condition> conditions) {
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
      for (Medicine medicine : medicines) {
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
  }

  private static Quantity quantity(Measurement measurement, double value) {
    return new Quantity()
        .setValue(value)
        .setUnit(measurement.unit)
        .setSystem(ClinicalCodes.UCUM)
        .setCode(measurement.unit);
  }

  private static org.hl7.fhir.r4.model.CodeableConcept concept(String system, String code) {
    return new org.hl7.fhir.r4.model.CodeableConcept(new Coding(system, code, null));
  }

  private static double round(double value, int places) {
    double scale = Math.pow(10, places);
    return Math.round(value * scale) / scale;
  }

  private static DateTimeType day(LocalDate day) {
    return new DateTimeType(day.toString());
  }

  /** All patients from {@code first} (inclusive) to {@code end} (exclusive). */
  public List<GeneratedPatient> patients(int first, int end) {
    List<GeneratedPatient> all = new ArrayList<>(end - first);
    for (int i = first; i < end; i++) {
      all.add(patient(i));
    }
    return all;
  }
}
