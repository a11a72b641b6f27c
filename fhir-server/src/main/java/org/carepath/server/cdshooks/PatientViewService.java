package org.carepath.server.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestAuthorizationJson;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceIndicatorEnum;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardSourceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseLinkJson;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.carepath.coordination.cds.PatientViewPolicy;
import org.carepath.coordination.cds.fhir.PatientViewRecords;
import org.carepath.server.organisation.OrganisationTree;
import org.carepath.server.security.CarepathUser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.server.ResponseStatusException;

/**
 * The {@code carepath-patient-view} CDS Service: when a clinician opens a patient in their own
 * system, the cards {@link PatientViewPolicy} decides. It reads the record through Carepath's own
 * FHIR API with the FHIR authorisation the EHR passes (a Carepath access token for the user or
 * system), so the same access decision, audit and filtering apply as to any other read: a patient
 * the caller may not see, or one Carepath does not hold, gives no cards.
 */
final class PatientViewService implements Function<CdsServiceRequestJson, CdsServiceResponseJson> {

  static final String ID = "carepath-patient-view";

  private final PatientViewPolicy policy;
  private final JwtDecoder carepathTokens;
  private final OrganisationTree organisations;
  private final FhirContext fhirContext;
  private final Clock clock;

  PatientViewService(
      PatientViewPolicy policy,
      JwtDecoder carepathTokens,
      OrganisationTree organisations,
      FhirContext fhirContext,
      Clock clock) {
    this.policy = policy;
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
            + " personalised care and support plan, end-of-life decisions recorded. Needs"
            + " fhirAuthorization: a Carepath access token.");
    return service;
  }

  @Override
  public CdsServiceResponseJson apply(CdsServiceRequestJson request) {
    CarepathUser caller = caller(request.getServiceRequestAuthorizationJson());
    String patientId = request.getContext().getString("patientId");
    CdsServiceResponseJson response = new CdsServiceResponseJson();
    if (patientId == null || patientId.isBlank()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "context.patientId is required");
    }
    List<IBaseResource> record = record(patientId, request.getServiceRequestAuthorizationJson());
    if (record.isEmpty()) {
      return response; // unknown to Carepath, or not the caller's to see: no cards
    }
    Set<String> acting =
        caller
            .organisationOdsCode()
            .flatMap(organisations::byOdsCode)
            .map(organisations::organisationAndParts)
            .orElse(Set.of());
    String base = publicBase();
    for (PatientViewPolicy.Card card :
        policy.cards(PatientViewRecords.of(record), acting, clock.instant())) {
      response.addCard(card(card, base, patientId));
    }
    return response;
  }

  private CarepathUser caller(CdsServiceRequestAuthorizationJson authorisation) {
    if (authorisation == null || authorisation.getAccessToken() == null) {
      throw new ResponseStatusException(
          HttpStatus.FORBIDDEN,
          "fhirAuthorization with a Carepath access token is required: cards show only what the"
              + " user or system may see");
    }
    try {
      Jwt token = carepathTokens.decode(authorisation.getAccessToken());
      return CarepathUser.fromClaims(token.getSubject(), token.getClaims());
    } catch (JwtException refused) {
      throw new ResponseStatusException(
          HttpStatus.FORBIDDEN, "fhirAuthorization.access_token is not a valid Carepath token");
    }
  }

  /** The record as the caller sees it, read over Carepath's own API with their token. */
  private List<IBaseResource> record(
      String patientId, CdsServiceRequestAuthorizationJson authorisation) {
    IGenericClient client = fhirContext.newRestfulGenericClient(loopbackBase());
    client.registerInterceptor(new BearerTokenAuthInterceptor(authorisation.getAccessToken()));
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
      return List.of();
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
    return found;
  }

  private static CdsServiceResponseCardJson card(
      PatientViewPolicy.Card card, String base, String patientId) {
    CdsServiceResponseCardJson json = new CdsServiceResponseCardJson();
    json.setUuid(UUID.randomUUID().toString());
    json.setSummary(card.summary());
    json.setDetail(card.detail());
    json.setIndicator(CdsServiceIndicatorEnum.valueOf(card.indicator().name()));
    json.setSource(
        new CdsServiceResponseCardSourceJson()
            .setLabel("Carepath (" + card.kind() + ")")
            .setUrl(base + "/app/"));
    List<CdsServiceResponseLinkJson> links = new ArrayList<>();
    links.add(
        new CdsServiceResponseLinkJson()
            .setLabel("Open the shared care plan")
            .setUrl(base + "/app/#/patient/" + patientId)
            .setType("absolute"));
    json.setLinks(links);
    return json;
  }

  private static HttpServletRequest currentRequest() {
    return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
        .getRequest();
  }

  /** This server's FHIR base on loopback (the port the call came in on). */
  private static String loopbackBase() {
    HttpServletRequest request = currentRequest();
    return "http://127.0.0.1:" + request.getLocalPort() + request.getContextPath() + "/fhir";
  }

  /** This server as the caller reached it, for links on cards. */
  private static String publicBase() {
    HttpServletRequest request = currentRequest();
    String url = request.getRequestURL().toString();
    return url.substring(0, url.length() - request.getRequestURI().length())
        + request.getContextPath();
  }
}
