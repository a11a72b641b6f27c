package org.carepath.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.carepath.coordination.patient.NhsNumber;
import org.carepath.server.demo.ClinicalCodes.Condition;
import org.carepath.server.demo.SyntheticPopulation.GeneratedPatient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class SyntheticPopulationTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
  private static final List<String> PRACTICES = List.of("Organization/a", "Organization/b");

  private static SyntheticPopulation population(PopulationMix mix) {
    return new SyntheticPopulation(42, mix, PRACTICES, TODAY, 3);
  }

  @Test
  void nhsNumbersAreValidTestRangeAndUnique() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String number = SyntheticPopulation.nhsNumberFor(i);
      assertThat(NhsNumber.isValid(number)).isTrue();
      assertThat(number).startsWith("999");
      assertThat(seen.add(number)).as("unique: index %d", i).isTrue();
    }
    assertThat(NhsNumber.isValid(SyntheticPopulation.nhsNumberFor(899_999))).isTrue();
  }

  @Test
  void thePatientAtAnIndexIsAlwaysTheSamePerson() {
    FhirContext fhir = FhirContext.forR4Cached();
    String first =
        fhir.newJsonParser()
            .encodeResourceToString(population(PopulationMix.caseload()).patient(7).bundle());
    String again =
        fhir.newJsonParser()
            .encodeResourceToString(population(PopulationMix.caseload()).patient(7).bundle());
    String other =
        fhir.newJsonParser()
            .encodeResourceToString(population(PopulationMix.caseload()).patient(8).bundle());
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void eachPatientIsATransactionOfConditionalCreatesAroundOnePatient() {
    GeneratedPatient generated = population(PopulationMix.caseload()).patient(3);
    Bundle bundle = generated.bundle();
    assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
    assertThat(bundle.getEntry())
        .allSatisfy(
            entry -> assertThat(entry.getRequest().getIfNoneExist()).startsWith("identifier="));
    Patient patient = (Patient) bundle.getEntryFirstRep().getResource();
    assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(generated.nhsNumber());
    assertThat(patient.getGeneralPractitionerFirstRep().getReference()).isIn(PRACTICES);
    assertThat(bundle.getEntry().subList(1, bundle.getEntry().size()))
        .allSatisfy(
            entry ->
                assertThat(
                        FhirContext.forR4Cached()
                            .newTerser()
                            .getAllPopulatedChildElementsOfType(
                                entry.getResource(), org.hl7.fhir.r4.model.Reference.class))
                    .anySatisfy(
                        ref ->
                            assertThat(ref.getReference())
                                .isEqualTo(bundle.getEntryFirstRep().getFullUrl())));
  }

  @Test
  void aGeneralPracticeListHasEnglandsAgeStructureAndPrevalence() {
    SyntheticPopulation population = population(PopulationMix.generalPractice());
    int size = 20_000;
    List<SyntheticPopulation.Person> people =
        IntStream.range(0, size).mapToObj(population::person).toList();

    assertThat(share(people, p -> p.age() < 15)).isCloseTo(0.154, within(0.01));
    assertThat(share(people, p -> p.age() >= 75)).isCloseTo(0.091, within(0.01));
    assertThat(
            share(
                people,
                p ->
                    p.conditions().contains(Condition.TYPE_2_DIABETES)
                        || p.conditions().contains(Condition.TYPE_1_DIABETES)))
        .isCloseTo(0.06, within(0.015));
    assertThat(share(people, p -> p.conditions().contains(Condition.COPD)))
        .isCloseTo(0.02, within(0.007));
  }

  @Test
  void frailtyDeficitsRiseWithAge() {
    SyntheticPopulation population = population(PopulationMix.generalPractice());
    List<SyntheticPopulation.Person> people =
        IntStream.range(0, 20_000).mapToObj(population::person).toList();
    double youngerFalls =
        share(
            people.stream().filter(p -> p.age() >= 18 && p.age() < 65).toList(),
            p -> p.conditions().contains(Condition.FALLS));
    double olderFalls =
        share(
            people.stream().filter(p -> p.age() >= 80).toList(),
            p -> p.conditions().contains(Condition.FALLS));
    assertThat(olderFalls).isGreaterThan(youngerFalls * 5);
  }

  @Test
  void aCaseloadPatientHasAboutFiftyResourcesOverFourYears() {
    SyntheticPopulation population =
        new SyntheticPopulation(42, PopulationMix.caseload(), PRACTICES, TODAY, 4);
    double mean =
        IntStream.range(0, 500)
            .map(i -> population.patient(i).bundle().getEntry().size())
            .average()
            .orElseThrow();
    assertThat(mean).isBetween(30.0, 70.0);
  }

  private static double share(
      List<SyntheticPopulation.Person> people,
      java.util.function.Predicate<SyntheticPopulation.Person> test) {
    return people.stream().filter(test).count() / (double) people.size();
  }
}
