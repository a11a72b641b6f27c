package org.carepath.server.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestAuthorizationJson;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.carepath.coordination.cds.PatientViewPolicy;
import org.carepath.coordination.cds.fhir.PatientViewRecords;
import org.carepath.server.organisation.OrganisationTree;
import org.carepath.server.security.CarepathUser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.springframework.security.oauth2.jwt.JwtDecoder;

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
    CarepathUser caller =
        CdsCalls.caller(request.getServiceRequestAuthorizationJson(), carepathTokens);
    String patientId = CdsCalls.patientId(request.getContext().getString("patientId"));
    CdsServiceResponseJson response = new CdsServiceResponseJson();
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
    for (PatientViewPolicy.Card card :
        policy.cards(PatientViewRecords.of(record), acting, clock.instant())) {
      response.addCard(CdsCalls.card(card, patientId));
    }
    return response;
  }

  /** The record as the caller sees it, read over Carepath's own API with their token. */
  private List<IBaseResource> record(
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
}
