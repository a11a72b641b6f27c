package org.carepath.coordination.risk.fhir;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.risk.ClinicalFacts;
import org.carepath.coordination.terminology.Code;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reduces a person's FHIR record to {@link ClinicalFacts}: active (or unstated) and confirmed (or
 * unstated) conditions, final observations with their code and coded value, and active medicines
 * (MedicationStatements, and MedicationRequests ordered or authorised). Refuted, resolved and
 * entered-in-error records are not evidence.
 */
public final class ClinicalFactsReader {

  private ClinicalFactsReader() {}

  /**
   * What one record contributes to its subject's facts: nothing unless it is an active condition, a
   * final (or amended, corrected) observation, an active medication statement or a current
   * prescription.
   */
  public record Contribution(
      List<ClinicalFacts.Evidence> evidence,
      List<ClinicalFacts.Medicine> activeMedicines,
      List<ClinicalFacts.Measurement> measurements) {

    public static final Contribution NONE = new Contribution(List.of(), List.of(), List.of());

    public Contribution {
      evidence = List.copyOf(evidence);
      activeMedicines = List.copyOf(activeMedicines);
      measurements = List.copyOf(measurements);
    }

    public boolean isEmpty() {
      return evidence.isEmpty() && activeMedicines.isEmpty() && measurements.isEmpty();
    }
  }

  public static ClinicalFacts read(
      Patient patient,
      List<Condition> conditions,
      List<Observation> observations,
      List<? extends Resource> medicines,
      LocalDate today) {
    List<Contribution> contributions = new ArrayList<>();
    conditions.forEach(condition -> contributions.add(contributionOf(condition)));
    observations.forEach(observation -> contributions.add(contributionOf(observation)));
    medicines.forEach(medicine -> contributions.add(contributionOf(medicine)));
    return combine(age(patient, today), contributions);
  }

  /** A person's facts from their age and what each of their records contributes. */
  public static ClinicalFacts combine(int ageYears, List<Contribution> contributions) {
    List<ClinicalFacts.Evidence> evidence = new ArrayList<>();
    List<ClinicalFacts.Medicine> medicines = new ArrayList<>();
    List<ClinicalFacts.Measurement> measurements = new ArrayList<>();
    for (Contribution contribution : contributions) {
      evidence.addAll(contribution.evidence());
      medicines.addAll(contribution.activeMedicines());
      measurements.addAll(contribution.measurements());
    }
    return new ClinicalFacts(ageYears, evidence, medicines, measurements);
  }

  /**
   * What {@code resource} contributes to its subject's facts ({@link Contribution#NONE} if none).
   */
  public static Contribution contributionOf(Resource resource) {
    if (resource instanceof Condition condition) {
      if (!isActive(condition)) {
        return Contribution.NONE;
      }
      List<ClinicalFacts.Evidence> evidence = new ArrayList<>();
      add(evidence, condition, condition.getCode());
      return new Contribution(evidence, List.of(), List.of());
    }
    if (resource instanceof Observation observation) {
      var status = observation.getStatus();
      if (status != Observation.ObservationStatus.FINAL
          && status != Observation.ObservationStatus.AMENDED
          && status != Observation.ObservationStatus.CORRECTED) {
        return Contribution.NONE;
      }
      List<ClinicalFacts.Evidence> evidence = new ArrayList<>();
      add(evidence, observation, observation.getCode());
      if (observation.hasValueCodeableConcept()) {
        add(evidence, observation, observation.getValueCodeableConcept());
      }
      List<ClinicalFacts.Measurement> measurements = new ArrayList<>();
      measure(measurements, observation);
      return new Contribution(evidence, List.of(), measurements);
    }
    if (resource instanceof MedicationStatement medicine
        && medicine.getStatus() == MedicationStatement.MedicationStatementStatus.ACTIVE) {
      return medicine(
          medicine,
          medicine.hasMedicationCodeableConcept() ? medicine.getMedicationCodeableConcept() : null);
    }
    if (resource instanceof MedicationRequest prescription && isCurrent(prescription)) {
      return medicine(
          prescription,
          prescription.hasMedicationCodeableConcept()
              ? prescription.getMedicationCodeableConcept()
              : null);
    }
    return Contribution.NONE;
  }

  /**
   * The patient a record is about ({@code subject}, for the record types risk models read), as a
   * logical id, if it refers to a Patient.
   */
  public static Optional<String> subjectOf(Resource resource) {
    Reference subject =
        resource instanceof Condition condition
            ? condition.getSubject()
            : resource instanceof Observation observation
                ? observation.getSubject()
                : resource instanceof MedicationStatement medicine
                    ? medicine.getSubject()
                    : resource instanceof MedicationRequest prescription
                        ? prescription.getSubject()
                        : null;
    if (subject == null || !"Patient".equals(subject.getReferenceElement().getResourceType())) {
      return Optional.empty();
    }
    return Optional.ofNullable(subject.getReferenceElement().getIdPart());
  }

  static int age(Patient patient, LocalDate today) {
    return patient.hasBirthDate() ? age(patient.getBirthDateElement(), today) : -1;
  }

  /** Whole years from a FHIR birth date (a year only counts from 1 January) to {@code today}. */
  public static int age(DateType birthDate, LocalDate today) {
    if (birthDate == null || birthDate.isEmpty()) {
      return -1;
    }
    // The FHIR date's own fields: right for partial dates.
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

  /**
   * An active prescription or authorisation ({@code order}, {@code plan} and the order kinds); a
   * proposal or an option is not a medicine the person takes.
   */
  private static boolean isCurrent(MedicationRequest prescription) {
    return prescription.getStatus() == MedicationRequest.MedicationRequestStatus.ACTIVE
        && prescription.hasIntent()
        && switch (prescription.getIntent()) {
          case ORDER, ORIGINALORDER, REFLEXORDER, FILLERORDER, INSTANCEORDER, PLAN -> true;
          default -> false;
        };
  }

  private static Contribution medicine(Resource record, CodeableConcept product) {
    Optional<Code> code =
        product == null
            ? Optional.empty()
            : product.getCoding().stream()
                .filter(c -> c.hasSystem() && c.hasCode())
                .findFirst()
                .map(c -> new Code(c.getSystem(), c.getCode()));
    return new Contribution(
        List.of(), List.of(new ClinicalFacts.Medicine(reference(record), code)), List.of());
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
