package org.carepath.server.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.patient.NhsNumber;
import org.carepath.server.demo.ClinicalCodes.Condition;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

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
  public static final String IDENTIFIER_SYSTEM = Canonical.BASE + "/Id/synthetic";

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
    double propensity = PopulationMix.propensity(age, random.nextDouble());
    for (Condition condition : Condition.values()) {
      if (random.nextDouble() < mix.prevalence(condition, age, propensity)) {
        conditions.add(condition);
      }
    }
    if (conditions.contains(Condition.TYPE_1_DIABETES)) {
      conditions.remove(Condition.TYPE_2_DIABETES);
    }
    String practice = practices.get(random.nextInt(practices.size()));
    return new Person(index, nhsNumberFor(index), age, female, Set.copyOf(conditions), practice);
  }

  /** The SNOMED CT codes of the person's recorded active conditions: the truth tests check. */
  public static List<String> conditionCodes(Person person) {
    return person.conditions().stream().sorted().map(condition -> condition.code).toList();
  }

  /** How many active medicines the person's record holds. */
  public static int medicineCount(Person person) {
    return PatientRecord.medicinesFor(person.conditions()).size();
  }

  /** Whether the person has diabetes (type 1 or type 2). */
  public static boolean isDiabetic(Person person) {
    return person.conditions().contains(Condition.TYPE_1_DIABETES)
        || person.conditions().contains(Condition.TYPE_2_DIABETES);
  }

  /** Patient {@code index} and their whole record as a transaction bundle. */
  public GeneratedPatient patient(int index) {
    Person person = person(index);
    // A second stream for the record's details, so the person is the same however it is drawn.
    SplittableRandom random = new SplittableRandom(~streamSeed(index));
    PatientRecord record = new PatientRecord(person.nhsNumber(), random, today, yearsOfHistory);
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

  /** All patients from {@code first} (inclusive) to {@code end} (exclusive). */
  public List<GeneratedPatient> patients(int first, int end) {
    List<GeneratedPatient> all = new ArrayList<>(end - first);
    for (int i = first; i < end; i++) {
      all.add(patient(i));
    }
    return all;
  }
}
