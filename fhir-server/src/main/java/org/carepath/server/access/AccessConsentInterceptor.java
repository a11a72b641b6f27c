package org.carepath.server.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import ca.uhn.fhir.util.BundleUtil;
import java.util.ArrayList;
import java.util.List;
import org.carepath.server.fhir.FhirServerInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
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

  private final AccessConsentService service;
  private final PatientAccess access;
  private final SmallNumbers smallNumbers;

  AccessConsentInterceptor(
      AccessConsentService service, PatientAccess access, SmallNumbers smallNumbers) {
    super(service);
    this.service = service;
    this.access = access;
    this.smallNumbers = smallNumbers;
  }

  /**
   * Before HAPI checks a search page resource by resource, the standing of all its patients is
   * looked up at once (three queries, not three per patient). The resources loaded for the check
   * are handed to the page that shows them ({@link CheckedResources}). Nothing is loaded for a
   * request whose resources are not checked one by one (a write's own searches).
   */
  @Hook(value = Pointcut.STORAGE_PREACCESS_RESOURCES, order = -10)
  public void prefetchAccessed(RequestDetails request, IPreResourceAccessDetails details) {
    if (details.size() == 0 || !service.checksEachResource(request)) {
      return;
    }
    List<IBaseResource> resources = new ArrayList<>(details.size());
    CheckedResources.whileChecking(
        () -> {
          for (int i = 0; i < details.size(); i++) {
            resources.add(details.getResource(i));
          }
        });
    access.prefetch(request, resources);
  }

  @Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = -10)
  public void prefetchShown(RequestDetails request, IPreResourceShowDetails details) {
    access.prefetch(request, details.getAllResources());
  }

  /** The same for what a response carries that storage did not show (an operation's results). */
  @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = -10)
  public void prefetchAnswered(RequestDetails request, ResponseDetails response) {
    IBaseResource answer = response.getResponseResource();
    if (answer instanceof Bundle bundle) {
      access.prefetch(request, BundleUtil.toListOfResources(request.getFhirContext(), bundle));
    } else if (answer != null) {
      access.prefetch(
          request, request.getFhirContext().newTerser().getAllEmbeddedResources(answer, true));
    }
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
