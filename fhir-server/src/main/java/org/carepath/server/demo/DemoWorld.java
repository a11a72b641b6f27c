package org.carepath.server.demo;

import static org.carepath.coordination.organisation.OrganisationType.CARE_HOME;
import static org.carepath.coordination.organisation.OrganisationType.COMMUNITY_PROVIDER;
import static org.carepath.coordination.organisation.OrganisationType.GP_PRACTICE;
import static org.carepath.coordination.organisation.OrganisationType.HOSPICE;
import static org.carepath.coordination.organisation.OrganisationType.HOSPITAL_SERVICE;
import static org.carepath.coordination.organisation.OrganisationType.ICS;
import static org.carepath.coordination.organisation.OrganisationType.LOCAL_AUTHORITY_SOCIAL_CARE;
import static org.carepath.coordination.organisation.OrganisationType.PCN;
import static org.carepath.coordination.organisation.OrganisationType.PLACE;
import static org.carepath.coordination.organisation.OrganisationType.URGENT_CARE;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.organisation.OrganisationType;
import org.carepath.server.security.CarepathRole;
import org.carepath.server.security.DevAccount;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The demo world: one ICS, two places, three PCNs, six GP practices, a community trust, a hospital
 * respiratory service, a local-authority social care team, two care homes, a hospice, and one
 * member of staff per Carepath role. ODS codes are fictitious (no real organisation has them).
 * Resources have fixed ids and are written with PUT, so loading twice changes nothing.
 */
final class DemoWorld {

  static final String ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code";
  static final String STAFF_SYSTEM = Canonical.BASE + "/Id/demo-staff";
  static final String CARE_ROLE_SYSTEM = Canonical.BASE + "/CodeSystem/care-role";

  /** An organisation of the demo world. */
  record Org(String id, String odsCode, String name, OrganisationType type, String partOf) {
    String reference() {
      return "Organization/" + id;
    }
  }

  /** A member of staff (or a client system) and the account they sign in with. */
  record Staff(String login, String name, CarepathRole role, String organisationId) {
    boolean isSystem() {
      return role == CarepathRole.SYSTEM;
    }

    String practitionerId() {
      return "demo-" + login;
    }
  }

  static final List<Org> ORGANISATIONS =
      List.of(
          new Org("demo-ics", "QZ9", "Demo Integrated Care System", ICS, null),
          new Org("demo-place-north", "QZ9N", "North Demo Place", PLACE, "demo-ics"),
          new Org("demo-place-south", "QZ9S", "South Demo Place", PLACE, "demo-ics"),
          new Org("demo-pcn-1", "U99901", "Peak Edge PCN", PCN, "demo-place-north"),
          new Org("demo-pcn-2", "U99902", "Riverside PCN", PCN, "demo-place-north"),
          new Org("demo-pcn-3", "U99903", "Southfields PCN", PCN, "demo-place-south"),
          new Org("demo-practice-1", "Z99101", "Hillside Surgery", GP_PRACTICE, "demo-pcn-1"),
          new Org(
              "demo-practice-2", "Z99102", "Moorland Medical Centre", GP_PRACTICE, "demo-pcn-1"),
          new Org(
              "demo-practice-3", "Z99103", "Riverside Health Centre", GP_PRACTICE, "demo-pcn-2"),
          new Org("demo-practice-4", "Z99104", "Bridge Street Practice", GP_PRACTICE, "demo-pcn-2"),
          new Org("demo-practice-5", "Z99105", "Southfields Surgery", GP_PRACTICE, "demo-pcn-3"),
          new Org("demo-practice-6", "Z99106", "Meadow Lane Practice", GP_PRACTICE, "demo-pcn-3"),
          new Org(
              "demo-community-trust",
              "RZ9",
              "Demo Community Health Services NHS Trust",
              COMMUNITY_PROVIDER,
              null),
          new Org(
              "demo-hospital-respiratory",
              "RZ801",
              "Demo Royal Hospital Respiratory Service",
              HOSPITAL_SERVICE,
              null),
          new Org(
              "demo-social-care",
              "LZ901",
              "Demo County Council Adult Social Care",
              LOCAL_AUTHORITY_SOCIAL_CARE,
              null),
          new Org("demo-care-home-1", "VZ901", "Oak Lodge Care Home", CARE_HOME, null),
          new Org("demo-care-home-2", "VZ902", "Willow Court Nursing Home", CARE_HOME, null),
          new Org("demo-hospice", "NZ901", "Demo Hospice", HOSPICE, null),
          new Org(
              "demo-urgent-care",
              "RZ7",
              "Demo Ambulance and 111 Service NHS Trust",
              URGENT_CARE,
              null));

  static final List<Staff> STAFF =
      List.of(
          new Staff("gp", "Dr Asha Rahman", CarepathRole.GP, "demo-practice-1"),
          // A GP at each other practice: their patients are not Hillside Surgery's.
          new Staff("gp-moorland", "Dr Owen Hughes", CarepathRole.GP, "demo-practice-2"),
          new Staff("gp-riverside", "Dr Priya Nair", CarepathRole.GP, "demo-practice-3"),
          new Staff("gp-bridge-street", "Dr Ken Adeyemi", CarepathRole.GP, "demo-practice-4"),
          new Staff("gp-southfields", "Dr Laura Finch", CarepathRole.GP, "demo-practice-5"),
          new Staff("gp-meadow-lane", "Dr Sunil Rao", CarepathRole.GP, "demo-practice-6"),
          new Staff(
              "practice-nurse", "Claire Booth", CarepathRole.PRACTICE_NURSE, "demo-practice-1"),
          new Staff(
              "community-nurse", "Tom Ellis", CarepathRole.COMMUNITY_NURSE, "demo-community-trust"),
          new Staff(
              "specialist", "Dr Helen Okoro", CarepathRole.SPECIALIST, "demo-hospital-respiratory"),
          new Staff("social-worker", "Gary Marsh", CarepathRole.SOCIAL_WORKER, "demo-social-care"),
          new Staff(
              "care-home-staff", "Joy Adebayo", CarepathRole.CARE_HOME_STAFF, "demo-care-home-1"),
          new Staff("care-coordinator", "Sam Patel", CarepathRole.CARE_COORDINATOR, "demo-pcn-1"),
          new Staff(
              "care-coordinator-riverside",
              "Ade Okafor",
              CarepathRole.CARE_COORDINATOR,
              "demo-pcn-2"),
          new Staff(
              "care-coordinator-southfields",
              "Megan Lloyd",
              CarepathRole.CARE_COORDINATOR,
              "demo-pcn-3"),
          new Staff("urgent-care", "Jess Morgan", CarepathRole.URGENT_CARE, "demo-urgent-care"),
          new Staff("commissioner", "Fiona Grant", CarepathRole.COMMISSIONER, "demo-ics"),
          new Staff("content-author", "Nadia Clarke", CarepathRole.CONTENT_AUTHOR, "demo-ics"),
          new Staff(
              "privacy-officer", "Ruth Evans", CarepathRole.PRIVACY_OFFICER, "demo-practice-1"),
          new Staff(
              "gp-system", "Hillside Surgery GP system", CarepathRole.SYSTEM, "demo-practice-1"));

  /**
   * The demo GP of each practice ({@code Organization/<id>} → login): who registers that practice's
   * patients.
   */
  static Map<String, String> gpLogins() {
    Map<String, String> logins = new java.util.LinkedHashMap<>();
    STAFF.stream()
        .filter(staff -> staff.role() == CarepathRole.GP)
        .forEach(
            staff -> logins.putIfAbsent("Organization/" + staff.organisationId(), staff.login()));
    return logins;
  }

  static List<String> practiceReferences() {
    return ORGANISATIONS.stream()
        .filter(org -> org.type() == GP_PRACTICE)
        .map(Org::reference)
        .toList();
  }

  /** The development issuer's accounts: one per member of staff. */
  static List<DevAccount> accounts() {
    return STAFF.stream()
        .map(
            staff ->
                new DevAccount(
                    staff.login(),
                    staff.isSystem(),
                    staff.name(),
                    staff.role(),
                    staff.isSystem()
                        ? Optional.empty()
                        : Optional.of("Practitioner/" + staff.practitionerId()),
                    organisation(staff.organisationId()).odsCode()))
        .toList();
  }

  /**
   * A transaction writing every organisation, practitioner and practitioner role, and the service
   * directory.
   */
  static Bundle bundle() {
    Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
    for (Org org : ORGANISATIONS) {
      Organization organization = new Organization();
      organization.setId(org.id());
      organization.addIdentifier().setSystem(ODS_SYSTEM).setValue(org.odsCode());
      organization.setActive(true);
      organization.setName(org.name());
      organization.addType(
          new CodeableConcept(
              new Coding(OrganisationType.SYSTEM, org.type().code(), org.type().display())));
      if (org.partOf() != null) {
        organization.setPartOf(new Reference("Organization/" + org.partOf()));
      }
      put(bundle, organization);
    }
    for (Staff staff : STAFF) {
      if (staff.isSystem()) {
        continue;
      }
      Practitioner practitioner = new Practitioner();
      practitioner.setId(staff.practitionerId());
      practitioner.addIdentifier().setSystem(STAFF_SYSTEM).setValue(staff.login());
      practitioner.setActive(true);
      practitioner.addName(name(staff.name()));
      put(bundle, practitioner);

      PractitionerRole role = new PractitionerRole();
      role.setId(staff.practitionerId() + "-role");
      role.addIdentifier().setSystem(STAFF_SYSTEM).setValue(staff.login() + "-role");
      role.setActive(true);
      role.setPractitioner(new Reference("Practitioner/" + staff.practitionerId()));
      role.setOrganization(new Reference("Organization/" + staff.organisationId()));
      role.addCode(
          new CodeableConcept(new Coding(CARE_ROLE_SYSTEM, staff.role().code(), staff.name())));
      put(bundle, role);
    }
    DemoServices.SERVICES.forEach(service -> put(bundle, DemoServices.resource(service)));
    return bundle;
  }

  private static HumanName name(String text) {
    String[] parts = text.split(" ");
    HumanName name = new HumanName().setText(text).setFamily(parts[parts.length - 1]);
    int first = parts[0].equals("Dr") ? 1 : 0;
    if (first == 1) {
      name.addPrefix("Dr");
    }
    for (int i = first; i < parts.length - 1; i++) {
      name.addGiven(parts[i]);
    }
    return name;
  }

  private static void put(Bundle bundle, Resource resource) {
    String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    bundle
        .addEntry()
        .setFullUrl(url)
        .setResource(resource)
        .getRequest()
        .setMethod(HTTPVerb.PUT)
        .setUrl(url);
  }

  static Org organisation(String id) {
    return ORGANISATIONS.stream()
        .filter(org -> org.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no demo organisation " + id));
  }

  private DemoWorld() {}
}
