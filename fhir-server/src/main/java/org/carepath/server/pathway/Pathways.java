package org.carepath.server.pathway;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.pathway.Eligibility;
import org.carepath.coordination.pathway.Enrolment;
import org.carepath.coordination.pathway.EnrolmentOutcome;
import org.carepath.coordination.pathway.PathwayDefinition;
import org.carepath.coordination.pathway.PathwayService;
import org.carepath.coordination.pathway.PatientContext;
import org.carepath.coordination.pathway.StepDecision;
import org.carepath.coordination.pathway.StepUpdate;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.hl7.fhir.r4.model.Task;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The pathway engine wired to the server: reads patients and enrolments from FHIR, runs the
 * domain's {@link PathwayService}, and writes the result, each call in one transaction (joining the
 * caller's if there is one). Enrolment takes a per-patient-and-pathway database lock, so two
 * concurrent requests cannot both enrol.
 */
class Pathways implements PathwayEnrolment {

  private final PathwayCatalogue catalogue;
  private final PathwayService service;
  private final FhirEnrolments enrolments;
  private final PatientContexts patients;
  private final TransactionTemplate transactions;
  private final JdbcTemplate jdbc;

  Pathways(
      PathwayCatalogue catalogue,
      PathwayService service,
      FhirEnrolments enrolments,
      PatientContexts patients,
      TransactionTemplate transactions,
      JdbcTemplate jdbc) {
    this.catalogue = catalogue;
    this.service = service;
    this.enrolments = enrolments;
    this.patients = patients;
    this.transactions = transactions;
    this.jdbc = jdbc;
  }

  PathwayCatalogue catalogue() {
    return catalogue;
  }

  EnrolmentOutcome enrol(
      PathwayDefinition pathway,
      String patientId,
      Optional<String> setting,
      Optional<Instant> start,
      RequestDetails request) {
    return transactions.execute(
        status -> {
          jdbc.queryForList(
              "select pg_advisory_xact_lock(hashtext(?))",
              "enrol:" + patientId + ":" + pathway.code());
          PatientContext patient = patients.context(patientId, setting, List.of(), request);
          return service.enrol(pathway, patient, start);
        });
  }

  @Override
  public Optional<Result> enrolAsServer(String pathwayCode, String patientId) {
    return catalogue
        .byCode(pathwayCode)
        .map(
            pathway -> {
              EnrolmentOutcome outcome =
                  enrol(
                      pathway,
                      patientId,
                      Optional.empty(),
                      Optional.empty(),
                      new ca.uhn.fhir.rest.api.server.SystemRequestDetails());
              if (outcome instanceof EnrolmentOutcome.Enrolled) {
                return Result.ENROLLED;
              }
              return outcome instanceof EnrolmentOutcome.AlreadyEnrolled
                  ? Result.ALREADY_ENROLLED
                  : Result.INELIGIBLE;
            });
  }

  /**
   * For each of {@code pathways} (by code), whether the patient is enrolled, or could be and why,
   * on the record as the request's caller sees it — read once for all of them (writing nothing).
   */
  java.util.Map<String, Eligibility> eligibility(
      java.util.Collection<PathwayDefinition> pathways, String patientId, RequestDetails request) {
    return transactions.execute(
        status -> service.eligibility(pathways, patients.contextAsSeen(patientId, request)));
  }

  /** What enrolling would do, writing nothing ({@code PlanDefinition/[id]/$apply}). */
  EnrolmentOutcome preview(
      PathwayDefinition pathway,
      String patientId,
      Optional<String> setting,
      Optional<Instant> start,
      RequestDetails request) {
    return transactions.execute(
        status ->
            service.preview(
                pathway, patients.context(patientId, setting, List.of(), request), start));
  }

  /**
   * A participant's update of a step Task, before it is stored (in its transaction): refused with a
   * reason, or applied to the rest of the enrolment.
   */
  StepDecision stepUpdated(Task updated, RequestDetails request) {
    String carePlanId = updated.getBasedOnFirstRep().getReferenceElement().getIdPart();
    FhirEnrolments.Stored stored = enrolments.load(carePlanId);
    List<Task> asSeen = new ArrayList<>();
    String taskId = updated.getIdElement().getIdPart();
    for (Task task : stored.tasks()) {
      asSeen.add(taskId.equals(task.getIdElement().getIdPart()) ? updated : task);
    }
    return service.update(
        stored.pathway(),
        stored.enrolment(),
        new StepUpdate(
            taskId, EnrolmentResources.stepStatus(updated), EnrolmentResources.reason(updated)),
        patients.applicability(stored.enrolment().patient(), asSeen, request));
  }

  /** Raises an event for the patient's running enrolment in the pathway (if any). */
  Optional<Enrolment> raise(
      String pathwayCode, String patientId, String event, Instant at, RequestDetails request) {
    return transactions.execute(
        status ->
            catalogue
                .byCode(pathwayCode)
                .flatMap(
                    pathway ->
                        service.raise(
                            pathway,
                            patients.context(patientId, Optional.empty(), List.of(), request),
                            event,
                            at)));
  }

  /** Ends every running enrolment of the patient; pathways with {@code closingEvent} steps stay. */
  List<Enrolment> endAll(
      String patientId, String reason, Optional<String> closingEvent, RequestDetails request) {
    return transactions.execute(
        status ->
            service.endAll(
                patients.context(patientId, Optional.empty(), List.of(), request),
                catalogue::byCode,
                reason,
                closingEvent));
  }
}
