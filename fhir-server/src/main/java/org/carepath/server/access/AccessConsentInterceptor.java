package org.carepath.server.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import org.carepath.server.fhir.FhirServerInterceptor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ListResource;

/**
 * HAPI's consent interceptor with Carepath's {@link AccessConsentService}, on the REST server (so
 * it sees users' requests, never the server's own work). After HAPI has blanked the resources a
 * caller may not see in a response (an operation's Bundle, say), their now empty entries are
 * removed too, so not even their {@code fullUrl} is left; and a List of patients (an operation's
 * {@code $gaps} list) keeps only the patients the caller may see; commissioners' aggregates have
 * their small numbers withheld ({@link SmallNumbers}).
 */
class AccessConsentInterceptor extends ConsentInterceptor implements FhirServerInterceptor {

  private final PatientAccess access;
  private final SmallNumbers smallNumbers;

  AccessConsentInterceptor(
      AccessConsentService service, PatientAccess access, SmallNumbers smallNumbers) {
    super(service);
    this.access = access;
    this.smallNumbers = smallNumbers;
  }

  @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = 1000)
  public void removeBlankedEntries(RequestDetails request, ResponseDetails response) {
    if (response.getResponseResource() instanceof Bundle bundle) {
      removeBlanked(bundle);
    }
    if (response.getResponseResource() != null && access.withholdsSmallNumbers(request)) {
      smallNumbers.withhold(response.getResponseResource());
    }
    if (response.getResponseResource() instanceof ListResource list) {
      // A list of patients (a $gaps list) names only those the caller may see.
      list.getEntry()
          .removeIf(
              entry ->
                  "Patient".equals(entry.getItem().getReferenceElement().getResourceType())
                      && !access
                          .toReadPatient(request, entry.getItem().getReferenceElement().getIdPart())
                          .map(decision -> decision.allowed())
                          .orElse(true));
    }
  }

  static void removeBlanked(Bundle bundle) {
    bundle
        .getEntry()
        .removeIf(entry -> !entry.hasResource() && !entry.hasResponse() && !entry.hasRequest());
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      if (entry.getResource() instanceof Bundle nested) {
        removeBlanked(nested);
      }
    }
  }
}
