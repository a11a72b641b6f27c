package org.carepath.coordination.risk.fhir;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import org.carepath.coordination.risk.ClinicalFacts;
import org.carepath.coordination.risk.Code;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
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
    for (Observation observation : observations) {
      var status = observation.getStatus();
      if (status == Observation.ObservationStatus.FINAL
          || status == Observation.ObservationStatus.AMENDED
          || status == Observation.ObservationStatus.CORRECTED) {
        add(evidence, observation, observation.getCode());
        if (observation.hasValueCodeableConcept()) {
          add(evidence, observation, observation.getValueCodeableConcept());
        }
      }
    }
    List<String> active =
        medicines.stream()
            .filter(m -> m.getStatus() == MedicationStatement.MedicationStatementStatus.ACTIVE)
            .map(ClinicalFactsReader::reference)
            .toList();
    return new ClinicalFacts(age(patient, today), evidence, active);
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
