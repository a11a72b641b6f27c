package org.carepath.server.referral;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.carepath.coordination.referral.FallsReferralPolicy;
import org.carepath.coordination.referral.ReferralClockPolicy;
import org.carepath.coordination.referral.RoutingDecision;
import org.carepath.coordination.referral.RoutingRequest;
import org.carepath.coordination.referral.ServiceDirectoryRoutingPolicy;
import org.carepath.coordination.referral.fhir.RecordedActivities;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.carepath.coordination.terminology.Code;
import org.carepath.server.fhir.Lookups;
import org.carepath.server.fhir.Searches;
import org.carepath.server.organisation.OrganisationTree;
import org.carepath.server.organisation.RegisteredPractices;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * Referrals on the server: reads what the domain's policies need from FHIR (the patient's practice
 * and the organisations above it, the service directory, the patient's falls assessments), asks
 * them, and builds the tracking Task. Reads as the system.
 */
class Referrals {

  /** Where a referral goes and by when it must be accepted. */
  record Routing(RoutingDecision decision, Optional<Instant> acceptBy) {}

  private final DaoRegistry daos;
  private final ServiceDirectory directory;
  private final OrganisationTree organisations;
  private final RegisteredPractices practices;
  private final ServiceDirectoryRoutingPolicy routing;
  private final FallsReferralPolicy falls;
  private final ReferralClockPolicy clocks;
  private final Clock clock;
  private final ZoneId zone;

  Referrals(
      DaoRegistry daos,
      ServiceDirectory directory,
      OrganisationTree organisations,
      RegisteredPractices practices,
      ServiceDirectoryRoutingPolicy routing,
      FallsReferralPolicy falls,
      ReferralClockPolicy clocks,
      Clock clock,
      ZoneId zone) {
    this.daos = daos;
    this.directory = directory;
    this.organisations = organisations;
    this.practices = practices;
    this.routing = routing;
    this.falls = falls;
    this.clocks = clocks;
    this.clock = clock;
    this.zone = zone;
  }

  ReferralClockPolicy clocks() {
    return clocks;
  }

  /** Why the referral may not go ahead (the falls rule), if it may not. */
  Optional<String> refusal(ServiceRequest request) {
    Set<Code> asked = ReferralResources.asked(request);
    if (!falls.appliesTo(asked)) {
      return Optional.empty(); // the record is read only for a referral the rule is about
    }
    FallsReferralPolicy.Decision decision = falls.decide(asked, record(patientId(request)));
    return decision instanceof FallsReferralPolicy.Decision.Inadmissible inadmissible
        ? Optional.of(inadmissible.reason())
        : Optional.empty();
  }

  /** Routes the referral now through the service directory. */
  Routing route(ServiceRequest request) {
    Instant now = clock.instant();
    RoutingRequest asked =
        new RoutingRequest(
            ReferralResources.asked(request),
            request.hasPriority() ? request.getPriority().toCode() : "routine",
            patientArea(patientId(request)),
            now.atZone(zone));
    RoutingDecision decision = routing.route(asked, directory.services());
    Instant sent = request.hasAuthoredOn() ? request.getAuthoredOn().toInstant() : now;
    Optional<Instant> due =
        decision instanceof RoutingDecision.Routed routed
            ? Optional.of(clocks.acceptBy(routed.service().types(), asked.priority(), sent))
            : Optional.empty();
    return new Routing(decision, due);
  }

  /** The tracking Task Carepath creates for a referral sent without one, routed. */
  Task trackingTask(ServiceRequest request, Optional<String> requestingOrganisation) {
    String reference = "ServiceRequest/" + request.getIdElement().getIdPart();
    Task task =
        ReferralResources.trackingTask(request, reference, requestingOrganisation, clock.instant());
    Routing routed = route(request);
    ReferralResources.applyRouting(task, routed.decision(), routed.acceptBy());
    return task;
  }

  /**
   * The referring organisation: the requester if it is an Organization, a PractitionerRole's
   * organisation, else the sender's own (from their token).
   */
  Optional<String> requestingOrganisation(ServiceRequest request, Optional<String> sender) {
    IIdType requester = request.getRequester().getReferenceElement();
    if ("Organization".equals(requester.getResourceType())) {
      return Optional.of("Organization/" + requester.getIdPart());
    }
    if ("PractitionerRole".equals(requester.getResourceType())) {
      Optional<String> organisation =
          byId(PractitionerRole.class, requester.getIdPart())
              .filter(role -> role.hasOrganization())
              .map(
                  role ->
                      role.getOrganization()
                          .getReferenceElement()
                          .toUnqualifiedVersionless()
                          .getValue());
      if (organisation.isPresent()) {
        return organisation;
      }
    }
    return sender;
  }

  /** The organisation ({@code Organization/<id>}) with this ODS code. */
  Optional<String> organisationByOds(String odsCode) {
    return organisations.byOdsCode(odsCode);
  }

  Optional<ServiceRequest> referral(Task task) {
    IIdType focus = task.getFocus().getReferenceElement();
    if (!"ServiceRequest".equals(focus.getResourceType())) {
      return Optional.empty();
    }
    return byId(ServiceRequest.class, focus.getIdPart()).filter(ReferralResources::isReferral);
  }

  /** The Tasks tracking this referral (normally one). */
  List<Task> trackingTasks(ServiceRequest referral) {
    return search(Task.class, "focus", "ServiceRequest/" + referral.getIdElement().getIdPart())
        .stream()
        .map(Task.class::cast)
        .toList();
  }

  Optional<Task> task(String id) {
    return byId(Task.class, id);
  }

  /** Whether the service recorded its advice: a Communication basedOn the referral. */
  boolean adviceRecorded(Task task) {
    String referral = task.getFocus().getReferenceElement().toUnqualifiedVersionless().getValue();
    return !search(Communication.class, "based-on", referral).isEmpty();
  }

  /** The patient's practice, PCN, place and ICS, most local first. */
  private List<String> patientArea(String patientId) {
    return practices
        .of(patientId)
        .or(() -> byId(Patient.class, patientId).flatMap(RegisteredPractices::of))
        .map(organisations::organisationAndAbove)
        .orElse(List.of());
  }

  /** The patient's Tasks, Procedures and Observations, each type read only when needed. */
  private Stream<FallsReferralPolicy.RecordedActivity> record(String patientId) {
    String subject = "Patient/" + patientId;
    return Stream.of(Task.class, Procedure.class, Observation.class)
        .flatMap(type -> search(type, "patient", subject).stream())
        .flatMap(resource -> RecordedActivities.of(resource).stream());
  }

  private List<IBaseResource> search(Class<? extends Resource> type, String param, String value) {
    return Searches.all(
        daos.getResourceDao(type),
        SearchParameterMap.newSynchronous(param, new ReferenceParam(value)));
  }

  private <T extends Resource> Optional<T> byId(Class<T> type, String id) {
    return Lookups.byId(daos, type, id);
  }

  private static String patientId(ServiceRequest request) {
    return request.getSubject().getReferenceElement().getIdPart();
  }
}
