package org.carepath.coordination.access.fhir;

import java.time.Instant;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;

/**
 * A patient's recorded objection to sharing their record for direct care: an active Consent of
 * scope {@code patient-privacy} whose provision denies (UK Core's Consent shape), for one Patient,
 * until its provision's period ends.
 */
public final class Objections {

  static final String SCOPES = "http://terminology.hl7.org/CodeSystem/consentscope";

  private Objections() {}

  /** One objection: whose, and until when (empty: until withdrawn). */
  public record Objection(String patientId, Optional<Instant> until) {}

  /** The objection {@code resource} records, if it is a Consent that stands as one. */
  public static Optional<Objection> of(IBaseResource resource) {
    if (!(resource instanceof Consent consent)
        || consent.getStatus() != Consent.ConsentState.ACTIVE
        || !consent.getScope().hasCoding(SCOPES, "patient-privacy")
        || consent.getProvision().getType() != Consent.ConsentProvisionType.DENY
        || !"Patient".equals(consent.getPatient().getReferenceElement().getResourceType())
        || !consent.getPatient().getReferenceElement().hasIdPart()) {
      return Optional.empty();
    }
    Optional<Instant> until =
        Optional.ofNullable(consent.getProvision().getPeriod().getEnd()).map(d -> d.toInstant());
    return Optional.of(
        new Objection(consent.getPatient().getReferenceElement().getIdPart(), until));
  }

  /** Whether {@code resource} is a Consent recording an objection (shown despite it). */
  public static boolean isObjection(IBaseResource resource) {
    return of(resource).isPresent();
  }
}
