package org.carepath.coordination.risk.fhir;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.risk.ClinicalFacts;
import org.carepath.coordination.risk.Code;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reduces a person's FHIR record to {@link ClinicalFacts}: active (or unstated) and confirmed (or
 * unstated) conditions, final observations with their code and coded value, and active medicines.
 * Refuted, resolved and entered-in-error records are not evidence.
 */
public final class ClinicalFactsReader {

  private ClinicalFactsReader() {}

  public static ClinicalFacts read(
      Patient patient,
      List<Condition> conditions,
      List<Observation> observations,
      List<MedicationStatement> medicines,
      LocalDate today) {
    List<ClinicalFacts.Evidence> evidence = new ArrayList<>();
    for (Condition condition : conditions) {
      if (isActive(condition)) {
        add(evidence, condition, condition.getCode());
      }
    }
    List<ClinicalFacts.Measurement> measurements = new ArrayList<>();
    for (Observation observation : observations) {
      var status = observation.getStatus();
      if (status == Observation.ObservationStatus.FINAL
          || status == Observation.ObservationStatus.AMENDED
          || status == Observation.ObservationStatus.CORRECTED) {
        add(evidence, observation, observation.getCode());
        if (observation.hasValueCodeableConcept()) {
          add(evidence, observation, observation.getValueCodeableConcept());
        }
        measure(measurements, observation);
      }
    }
    List<String> active =
        medicines.stream()
            .filter(m -> m.getStatus() == MedicationStatement.MedicationStatementStatus.ACTIVE)
            .map(ClinicalFactsReader::reference)
            .toList();
    return new ClinicalFacts(age(patient, today), evidence, active, measurements);
  }

  static int age(Patient patient, LocalDate today) {
    if (!patient.hasBirthDate()) {
      return -1;
    }
    // The FHIR date's own fields: right for partial dates (a year only counts from 1 January).
    var birthDate = patient.getBirthDateElement();
    LocalDate born =
        LocalDate.of(birthDate.getYear(), birthDate.getMonth() + 1, birthDate.getDay());
    return Period.between(born, today).getYears();
  }

  /** The observation's code and each component's code, dated, with their quantities. */
  private static void measure(
      List<ClinicalFacts.Measurement> measurements, Observation observation) {
    if (!observation.hasEffectiveDateTimeType()) {
      return;
    }
    var effective = observation.getEffectiveDateTimeType();
    LocalDate date =
        LocalDate.of(effective.getYear(), effective.getMonth() + 1, effective.getDay());
    String reference = reference(observation);
    addMeasurements(
        measurements,
        reference,
        date,
        observation.getCode(),
        observation.hasValueQuantity() ? observation.getValueQuantity() : null);
    for (var component : observation.getComponent()) {
      addMeasurements(
          measurements,
          reference,
          date,
          component.getCode(),
          component.hasValueQuantity() ? component.getValueQuantity() : null);
    }
  }

  private static void addMeasurements(
      List<ClinicalFacts.Measurement> measurements,
      String reference,
      LocalDate date,
      CodeableConcept code,
      Quantity quantity) {
    Optional<Double> value =
        quantity == null || !quantity.hasValue()
            ? Optional.empty()
            : Optional.of(quantity.getValue().doubleValue());
    String unit =
        quantity == null ? null : quantity.hasCode() ? quantity.getCode() : quantity.getUnit();
    code.getCoding().stream()
        .filter(c -> c.hasSystem() && c.hasCode())
        .forEach(
            c ->
                measurements.add(
                    new ClinicalFacts.Measurement(
                        reference, new Code(c.getSystem(), c.getCode()), date, value, unit)));
  }

  private static boolean isActive(Condition condition) {
    boolean clinicallyActive =
        !condition.hasClinicalStatus()
            || condition.getClinicalStatus().getCoding().stream()
                .anyMatch(c -> List.of("active", "recurrence", "relapse").contains(c.getCode()));
    boolean notRefuted =
        condition.getVerificationStatus().getCoding().stream()
            .noneMatch(c -> List.of("refuted", "entered-in-error").contains(c.getCode()));
    return clinicallyActive && notRefuted;
  }

  private static void add(
      List<ClinicalFacts.Evidence> evidence, Resource source, CodeableConcept concept) {
    concept.getCoding().stream()
        .filter(c -> c.hasSystem() && c.hasCode())
        .forEach(
            c ->
                evidence.add(
                    new ClinicalFacts.Evidence(
                        reference(source), new Code(c.getSystem(), c.getCode()))));
  }

  private static String reference(Resource resource) {
    return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
  }
}
