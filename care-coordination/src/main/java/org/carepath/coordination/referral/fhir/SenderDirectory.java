package org.carepath.coordination.referral.fhir;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The sender's view of the directory in a referral message (organisations, practitioners and their
 * roles, services, locations, endpoints): not stored. A reference to one becomes Carepath's own
 * organisation of that ODS code, else a logical reference (identifier and name).
 */
final class SenderDirectory {

  static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";

  /** The sender's directory, not stored: references to these are resolved or made logical. */
  private static final Set<String> DIRECTORY =
      Set.of(
          "Organization",
          "HealthcareService",
          "Endpoint",
          "Location",
          "Practitioner",
          "PractitionerRole");

  private SenderDirectory() {}

  static boolean isDirectory(Resource resource) {
    return DIRECTORY.contains(resource.fhirType());
  }

  static Reference reference(Resource resource, Function<String, Optional<String>> organisations) {
    Optional<Identifier> identifier = firstIdentifier(resource);
    if (resource instanceof Organization) {
      Optional<String> local =
          identifier
              .filter(i -> ODS.equals(i.getSystem()))
              .flatMap(i -> organisations.apply(i.getValue()));
      if (local.isPresent()) {
        return new Reference(local.get());
      }
    }
    Reference logical = new Reference().setType(resource.fhirType());
    identifier.ifPresent(i -> logical.setIdentifier(i.copy()));
    logical.setDisplay(
        name(resource).orElse(resource.fhirType() + " named in the referral message"));
    return logical;
  }

  private static Optional<Identifier> firstIdentifier(Resource resource) {
    List<Identifier> identifiers = List.of();
    if (resource instanceof Organization organisation) {
      identifiers = organisation.getIdentifier();
    } else if (resource instanceof HealthcareService service) {
      identifiers = service.getIdentifier();
    } else if (resource instanceof Practitioner practitioner) {
      identifiers = practitioner.getIdentifier();
    } else if (resource instanceof PractitionerRole role) {
      identifiers = role.getIdentifier();
    } else if (resource instanceof Location location) {
      identifiers = location.getIdentifier();
    } else if (resource instanceof Endpoint endpoint) {
      identifiers = endpoint.getIdentifier();
    }
    return identifiers.stream().filter(i -> i.hasSystem() && i.hasValue()).findFirst();
  }

  private static Optional<String> name(Resource resource) {
    String name = null;
    if (resource instanceof Organization organisation) {
      name = organisation.getName();
    } else if (resource instanceof HealthcareService service) {
      name = service.getName();
    } else if (resource instanceof Practitioner practitioner && practitioner.hasName()) {
      name = practitioner.getNameFirstRep().getNameAsSingleString();
    } else if (resource instanceof PractitionerRole role) {
      name =
          role.getPractitioner().hasDisplay()
              ? role.getPractitioner().getDisplay()
              : role.getOrganization().getDisplay();
    } else if (resource instanceof Location location) {
      name = location.getName();
    } else if (resource instanceof Endpoint endpoint) {
      name = endpoint.getName();
    }
    return Optional.ofNullable(name).filter(n -> !n.isBlank());
  }
}
