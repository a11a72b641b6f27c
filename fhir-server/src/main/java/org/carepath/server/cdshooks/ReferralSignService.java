package org.carepath.server.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import java.util.function.Function;
import org.carepath.coordination.cds.PatientViewPolicy;
import org.carepath.coordination.cds.ReferralDraftPolicy;
import org.carepath.server.referral.ReferralPreview;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.web.server.ResponseStatusException;

/**
 * The {@code carepath-referral-sign} CDS Service (hook {@code order-sign}): for each referral among
 * the draft orders a GP is about to sign, where Carepath would route it and by when it must be
 * accepted, what of the minimum data set is missing, and whether the falls rule would refuse it
 * ({@link ReferralDraftPolicy}, from {@link ReferralPreview}). Nothing is stored. The caller must
 * be able to read the patient (checked through the FHIR API with their token); otherwise no cards.
 */
final class ReferralSignService implements Function<CdsServiceRequestJson, CdsServiceResponseJson> {

  static final String ID = "carepath-referral-sign";

  private final ReferralDraftPolicy policy;
  private final ReferralPreview preview;
  private final JwtDecoder carepathTokens;
  private final FhirContext fhirContext;

  ReferralSignService(
      ReferralDraftPolicy policy,
      ReferralPreview preview,
      JwtDecoder carepathTokens,
      FhirContext fhirContext) {
    this.policy = policy;
    this.preview = preview;
    this.carepathTokens = carepathTokens;
    this.fhirContext = fhirContext;
  }

  static CdsServiceJson description() {
    CdsServiceJson service = new CdsServiceJson();
    service.setId(ID);
    service.setHook("order-sign");
    service.setTitle("Carepath: before you send a referral");
    service.setDescription(
        "For each referral among the draft orders: the service Carepath would route it to and its"
            + " accept-by date, the minimum data set still missing, and the falls-assessment rule."
            + " Needs fhirAuthorization: a Carepath access token.");
    return service;
  }

  @Override
  public CdsServiceResponseJson apply(CdsServiceRequestJson request) {
    CdsCalls.caller(request.getServiceRequestAuthorizationJson(), carepathTokens);
    String patientId = CdsCalls.patientId(request.getContext().getString("patientId"));
    CdsServiceResponseJson response = new CdsServiceResponseJson();
    if (!(request.getContext().getResource("draftOrders") instanceof Bundle drafts)) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "context.draftOrders must be a Bundle of the orders to sign");
    }
    try {
      CdsCalls.client(fhirContext, request.getServiceRequestAuthorizationJson())
          .read()
          .resource(Patient.class)
          .withId(patientId)
          .execute();
    } catch (ResourceNotFoundException notVisible) {
      return response; // not the caller's patient to see (or unknown): no cards
    }
    for (Bundle.BundleEntryComponent entry : drafts.getEntry()) {
      IBaseResource resource = entry.getResource();
      if (!(resource instanceof ServiceRequest draft)) {
        continue;
      }
      draft.setSubject(new Reference("Patient/" + patientId));
      ReferralPreview.Preview what = preview.of(draft);
      String description = draft.getCode().hasText() ? draft.getCode().getText() : "Referral";
      for (PatientViewPolicy.Card card :
          policy.cards(
              new ReferralDraftPolicy.Draft(
                  description,
                  what.routedTo(),
                  what.routingReason(),
                  what.acceptBy(),
                  what.missing(),
                  what.fallsRefusal()))) {
        response.addCard(CdsCalls.card(card, patientId));
      }
    }
    return response;
  }
}
