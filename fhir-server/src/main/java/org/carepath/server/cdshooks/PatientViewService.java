package org.carepath.server.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestAuthorizationJson;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.hapi.fhir.cdshooks.api.CdsPrefetchFailureMode;
import ca.uhn.hapi.fhir.cdshooks.api.CdsResolutionStrategyEnum;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.carepath.coordination.cds.PatientViewPolicy;
import org.carepath.coordination.cds.fhir.PatientViewRecords;
import org.carepath.server.organisation.OrganisationTree;
import org.carepath.server.security.CarepathUser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The {@code carepath-patient-view} CDS Service: when a clinician opens a patient in their own
 * system, the cards {@link PatientViewPolicy} decides. It reads the record through Carepath's own
 * FHIR API with the FHIR authorisation the EHR passes (a Carepath access token for the user or
 * system), so the same access decision, audit and filtering apply as to any other read: a patient
 * the caller may not see, or one Carepath does not hold, gives no cards.
 */
final class PatientViewService implements Function<CdsServiceRequestJson, CdsServiceResponseJson> {

  static final String ID = "carepath-patient-view";

  /** The prefetch key of the EHR's own Patient. */
  static final String PREFETCH_PATIENT = "patient";

  private static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(PatientViewService.class);

  private final PatientViewPolicy policy;
  private final EnrolmentSuggestions suggestions;
  private final Set<String> offeredPathways;
  private final JwtDecoder carepathTokens;
  private final OrganisationTree organisations;
  private final FhirContext fhirContext;
  private final Clock clock;

  PatientViewService(
      PatientViewPolicy policy,
      EnrolmentSuggestions suggestions,
      Set<String> offeredPathways,
      JwtDecoder carepathTokens,
      OrganisationTree organisations,
      FhirContext fhirContext,
      Clock clock) {
    this.policy = policy;
    this.suggestions = suggestions;
    this.offeredPathways = Set.copyOf(offeredPathways);
    this.carepathTokens = carepathTokens;
    this.organisations = organisations;
    this.fhirContext = fhirContext;
    this.clock = clock;
  }

  /** What discovery says of this service. */
  static CdsServiceJson description() {
    CdsServiceJson service = new CdsServiceJson();
    service.setId(ID);
    service.setHook("patient-view");
    service.setTitle("Carepath: pathways, referrals and care plan");
    service.setDescription(
        "Pathway steps your organisation owns that are overdue or due soon, referrals you sent"
            + " awaiting acceptance or breaching, advice received, severe frailty without a"
            + " personalised care and support plan, end-of-life decisions recorded, pathways the"
            + " patient is eligible for and not enrolled in (accepting the suggestion enrols them:"
            + " feedback). Needs fhirAuthorization: a Carepath access token. Prefetch 'patient'"
            + " (the EHR's own Patient) finds the person in Carepath by NHS number.");
    // The EHR's own Patient, so that an EHR whose patient ids are not Carepath's still gets the
    // person's cards (found by NHS number). Not sent: Carepath takes context.patientId as its own
    // id. HAPI's module never fetches it for the service: with the EHR's fhirServer it is left to
    // the service; without, its own fetch is refused (the DAO authorisation) and the key omitted.
    service.addPrefetch(PREFETCH_PATIENT, "Patient/{{context.patientId}}");
    service.addSource(PREFETCH_PATIENT, CdsResolutionStrategyEnum.NONE);
    service.addPrefetchFailureMode(PREFETCH_PATIENT, CdsPrefetchFailureMode.OMIT);
    return service;
  }

  @Override
  public CdsServiceResponseJson apply(CdsServiceRequestJson request) {
    CarepathUser caller =
        CdsCalls.caller(request.getServiceRequestAuthorizationJson(), carepathTokens);
    String context = CdsCalls.patientId(request.getContext().getString("patientId"));
    CdsServiceResponseJson response = new CdsServiceResponseJson();
    Optional<String> person =
        carepathPatient(
            context,
            request.getPrefetch(PREFETCH_PATIENT),
            request.getServiceRequestAuthorizationJson());
    if (person.isEmpty()) {
      return response; // not a person Carepath holds, or not one the caller may see: no cards
    }
    String patientId = person.get();
    Optional<List<IBaseResource>> found =
        record(patientId, request.getServiceRequestAuthorizationJson());
    if (found.isEmpty()) {
      return response; // unknown to Carepath, or not the caller's to see: no cards
    }
    List<IBaseResource> record = found.get();
    Set<String> acting =
        caller
            .organisationOdsCode()
            .flatMap(organisations::byOdsCode)
            .map(organisations::organisationAndParts)
            .orElse(Set.of());
    List<PatientViewPolicy.Offer> offers =
        offers(patientId, request.getServiceRequestAuthorizationJson());
    for (PatientViewPolicy.Card card :
        policy.cards(PatientViewRecords.of(record), offers, acting, clock.instant())) {
      CdsServiceResponseCardJson json = CdsCalls.card(card, patientId);
      card.enrolIn()
          .flatMap(pathway -> offers.stream().filter(o -> o.pathway().equals(pathway)).findFirst())
          .ifPresent(offer -> json.addSuggestion(enrolSuggestion(caller, patientId, offer)));
      response.addCard(json);
    }
    return response;
  }

  /**
   * A suggestion that enrols the patient when the clinician accepts it (the EHR reports it to the
   * feedback endpoint), recorded for the EHR that called.
   */
  private CdsServiceResponseSuggestionJson enrolSuggestion(
      CarepathUser caller, String patientId, PatientViewPolicy.Offer offer) {
    String issuer =
        SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken jwt
            ? String.valueOf(jwt.getToken().getIssuer())
            : "";
    String id =
        suggestions.made(
            issuer,
            new EnrolmentSuggestions.Suggestion(
                patientId, offer.pathway(), caller.subject(), caller.organisationOdsCode()));
    return new CdsServiceResponseSuggestionJson()
        .setLabel("Enrol in " + offer.title())
        .setUuid(id)
        .setRecommended(false);
  }

  /**
   * The pathways the patient is eligible for and not enrolled in, on the record as the caller sees
   * it ({@code Patient/[id]/$pathway-eligibility} with their token).
   */
  private List<PatientViewPolicy.Offer> offers(
      String patientId, CdsServiceRequestAuthorizationJson authorisation) {
    if (offeredPathways.isEmpty()) {
      return List.of();
    }
    org.hl7.fhir.r4.model.Parameters asked = new org.hl7.fhir.r4.model.Parameters();
    offeredPathways.stream()
        .sorted()
        .forEach(
            code ->
                asked
                    .addParameter()
                    .setName("pathway")
                    .setValue(new org.hl7.fhir.r4.model.CodeType(code)));
    org.hl7.fhir.r4.model.Parameters answer;
    try {
      answer =
          CdsCalls.client(fhirContext, authorisation)
              .operation()
              .onInstance("Patient/" + patientId)
              .named("$pathway-eligibility")
              .withParameters(asked)
              .useHttpGet()
              .execute();
    } catch (BaseServerResponseException refused) {
      // An offer is a convenience: the other cards (an end-of-life record among them) still go.
      log.warn(
          "Pathway eligibility not available for a patient-view card: HTTP {}",
          refused.getStatusCode());
      return List.of();
    }
    List<PatientViewPolicy.Offer> offers = new ArrayList<>();
    for (var pathway : answer.getParameter()) {
      String outcome = part(pathway, "outcome");
      if ("eligible".equals(outcome)) {
        offers.add(
            new PatientViewPolicy.Offer(
                part(pathway, "code"), part(pathway, "title"), part(pathway, "reason")));
      }
    }
    return offers;
  }

  private static String part(
      org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent parameter, String name) {
    return parameter.getPart().stream()
        .filter(p -> name.equals(p.getName()))
        .map(p -> p.getValue().primitiveValue())
        .findFirst()
        .orElse("");
  }

  /**
   * Carepath's id of the person the EHR has open: with the EHR's own Patient prefetched, the one
   * Carepath patient with its NHS number, searched with the caller's token (none, several, or one
   * the caller may not see: empty); without, {@code context.patientId} as Carepath's own id.
   */
  private Optional<String> carepathPatient(
      String contextPatientId,
      IBaseResource prefetched,
      CdsServiceRequestAuthorizationJson authorisation) {
    if (!(prefetched instanceof Patient ehrPatient)) {
      return Optional.of(contextPatientId);
    }
    Optional<String> nhsNumber =
        ehrPatient.getIdentifier().stream()
            .filter(identifier -> NHS_NUMBER.equals(identifier.getSystem()))
            .map(Identifier::getValue)
            .filter(value -> value != null && !value.isBlank())
            .findFirst();
    if (nhsNumber.isEmpty()) {
      return Optional.empty();
    }
    Bundle found =
        CdsCalls.client(fhirContext, authorisation)
            .search()
            .forResource(Patient.class)
            .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(NHS_NUMBER, nhsNumber.get()))
            .returnBundle(Bundle.class)
            .execute();
    return found.getEntry().size() == 1
        ? Optional.of(found.getEntryFirstRep().getResource().getIdElement().getIdPart())
        : Optional.empty();
  }

  /**
   * The record as the caller sees it, read over Carepath's own API with their token; empty when
   * there is no such patient or it is not theirs to see (a patient with no shared care plan yet
   * still has a record).
   */
  private Optional<List<IBaseResource>> record(
      String patientId, CdsServiceRequestAuthorizationJson authorisation) {
    IGenericClient client = CdsCalls.client(fhirContext, authorisation);
    List<IBaseResource> found = new ArrayList<>();
    try {
      Bundle plan =
          client
              .operation()
              .onInstance("Patient/" + patientId)
              .named("$shared-care-plan")
              .withNoParameters(org.hl7.fhir.r4.model.Parameters.class)
              .useHttpGet()
              .returnResourceType(Bundle.class)
              .execute();
      plan.getEntry().forEach(entry -> found.add(entry.getResource()));
    } catch (ResourceNotFoundException notVisible) {
      return Optional.empty();
    }
    Bundle plans =
        client
            .search()
            .forResource(CarePlan.class)
            .where(CarePlan.SUBJECT.hasId("Patient/" + patientId))
            .and(CarePlan.STATUS.exactly().code("active"))
            .and(
                CarePlan.CATEGORY
                    .exactly()
                    .systemAndCode(
                        "https://fhir.carepath.org/CodeSystem/care-plan-category", "pcsp"))
            .returnBundle(Bundle.class)
            .execute();
    plans.getEntry().forEach(entry -> found.add(entry.getResource()));
    return Optional.of(found);
  }
}
