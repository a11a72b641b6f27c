package org.carepath.server.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.access.Sharing;
import org.carepath.coordination.access.fhir.SecurityLabels;
import org.carepath.coordination.access.fhir.SecurityLabels.Labels;
import org.carepath.server.security.CarepathUser;
import org.carepath.server.security.CurrentUser;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The server keeps the security labels of every item of a patient's record ({@link
 * SecurityLabels}), for every writer, before it is stored. A user's new item gets their
 * organisation as its custodian and the sharing class they chose (shared when they chose none; a
 * class other than shared needs an organisation to hold it); later versions keep the first
 * version's labels whatever they carry, and a version that tries to change them is refused (400),
 * so nobody seals, unseals or re-homes an item after it is recorded. The server's own writes (the
 * pathway engine, the demo loader) keep what they carry, and an update keeps the labels it leaves
 * out. Only translates.
 */
@Interceptor
class SecurityLabelInterceptor {

  static final String CHANGED =
      "The security labels (custodian, sharing class) of a recorded item are kept by the server"
          + " and cannot change: leave meta.security as it was, or out.";

  private final PatientAccess access;

  SecurityLabelInterceptor(PatientAccess access) {
    this.access = access;
  }

  /**
   * Operations whose results the server derives from the whole record (a risk result): they are the
   * server's, held for the patient's registered practice, not the caller's organisation's.
   */
  static final Set<String> SERVER_DERIVED = Set.of("$stratify");

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource, RequestDetails request) {
    if (!access.isPatientLevel(resource.fhirType())
        || request != null
            && request.getOperation() != null
            && SERVER_DERIVED.contains(request.getOperation())) {
      return;
    }
    Optional<CarepathUser> user = CurrentUser.get();
    if (user.isEmpty()) {
      return;
    }
    Labels labels = SecurityLabels.of(resource);
    Sharing sharing =
        labels
            .sharing()
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "meta.security may carry one sharing class of "
                            + SecurityLabels.SHARING
                            + ": shared, organisation-private or sealed."));
    // The user's organisation as the request found it (once per request, not once per item).
    Optional<String> custodian =
        access.organisationFor(request).flatMap(found -> user.get().organisationOdsCode());
    if (labels.custodianOds().isPresent() && !labels.custodianOds().equals(custodian)) {
      throw new InvalidRequestException(
          "The custodian of a new item is the organisation of the user who records it, set by"
              + " the server: leave it out.");
    }
    if (sharing != Sharing.SHARED && custodian.isEmpty()) {
      throw new InvalidRequestException(
          "An item that is not shared needs an organisation to hold it, and the token names none"
              + " Carepath knows.");
    }
    SecurityLabels.set(resource, custodian, sharing);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    if (!access.isPatientLevel(resource.fhirType())) {
      return;
    }
    Labels kept = SecurityLabels.of(previous);
    Labels sent = SecurityLabels.of(resource);
    if (!sent.any()) {
      SecurityLabels.set(resource, kept.custodianOds(), kept.sharing().orElse(Sharing.SEALED));
    } else if (CurrentUser.get().isPresent() && !sent.equals(kept)) {
      throw new InvalidRequestException(CHANGED);
    }
  }
}
