package org.carepath.coordination.pathway.fhir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.carepath.coordination.pathway.RecordEvent;
import org.carepath.coordination.patient.fhir.Deaths;
import org.carepath.coordination.risk.fhir.DiabetesRiskAssessmentMapper;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * Reads the {@link RecordEvent}s a FHIR resource version records: a Condition in a problem group;
 * an active EpisodeOfCare with a managing organisation; an emergency ({@code EMER}, not cancelled
 * or entered in error) or a finished inpatient ({@code IMP}) Encounter; a Patient who has died; a
 * diabetes-control RiskAssessment in the poor-control band. A death or poor control counts when it
 * is new: the previous version, if known, was not so.
 */
public final class RecordEvents {

  private final Function<Condition, Set<String>> groupsOf;

  /**
   * @param groupsOf the problem groups a Condition is in (Carepath's ValueSets)
   */
  public RecordEvents(Function<Condition, Set<String>> groupsOf) {
    this.groupsOf = groupsOf;
  }

  /**
   * @param previous the version {@code current} replaces; null for a new resource, or when the
   *     version is read back later (a state it is in then counts as entered)
   * @param now when an event without a time of its own happened
   */
  public List<RecordEvent> of(IBaseResource previous, IBaseResource current, Instant now) {
    List<RecordEvent> events = new ArrayList<>();
    if (current instanceof Condition condition) {
      Set<String> groups = groupsOf.apply(condition);
      if (!groups.isEmpty()) {
        events.add(new RecordEvent.ProblemRecorded(patientOf(condition.getSubject()), groups));
      }
    } else if (current instanceof EpisodeOfCare episode) {
      if (episode.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.ACTIVE
          && episode.hasManagingOrganization()) {
        events.add(
            new RecordEvent.EpisodeOfCareActive(
                patientOf(episode.getPatient()),
                episode.getManagingOrganization().getReference(),
                instant(episode.getPeriod().getStart())));
      }
    } else if (current instanceof Encounter encounter) {
      String patient = patientOf(encounter.getSubject());
      if (isEmergency(encounter)) {
        events.add(
            new RecordEvent.EmergencyAttendance(
                patient, instant(encounter.getPeriod().getStart()).orElse(now)));
      }
      if (isDischarge(encounter)) {
        events.add(
            new RecordEvent.InpatientDischarge(patient, instant(encounter.getPeriod().getEnd())));
      }
    } else if (current instanceof Patient patient) {
      if (Deaths.isDeceased(patient)
          && !(previous instanceof Patient before && Deaths.isDeceased(before))) {
        events.add(new RecordEvent.Died(patient.getIdElement().getIdPart()));
      }
    } else if (current instanceof RiskAssessment result) {
      if (DiabetesRiskAssessmentMapper.isPoorControl(result)
          && !(previous instanceof RiskAssessment before
              && DiabetesRiskAssessmentMapper.isPoorControl(before))) {
        events.add(new RecordEvent.PoorDiabetesControl(patientOf(result.getSubject()), now));
      }
    }
    return List.copyOf(events);
  }

  private static boolean isEmergency(Encounter encounter) {
    return "EMER".equals(encounter.getClass_().getCode())
        && encounter.getStatus() != Encounter.EncounterStatus.CANCELLED
        && encounter.getStatus() != Encounter.EncounterStatus.ENTEREDINERROR;
  }

  private static boolean isDischarge(Encounter encounter) {
    return "IMP".equals(encounter.getClass_().getCode())
        && encounter.getStatus() == Encounter.EncounterStatus.FINISHED;
  }

  private static String patientOf(Reference subject) {
    return subject.getReferenceElement().getIdPart();
  }

  private static Optional<Instant> instant(Date date) {
    return Optional.ofNullable(date).map(Date::toInstant);
  }
}
