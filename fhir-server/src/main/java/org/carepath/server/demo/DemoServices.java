package org.carepath.server.demo;

import java.util.List;
import org.carepath.coordination.Canonical;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Reference;

/**
 * The demo integrated care system's service directory: the services referrals are routed to, as
 * HealthcareServices (what they offer, who provides them, which practices, PCNs or places they
 * cover, the priorities they take). The demo services take referrals at any hour, so the tour and
 * the tests route the same way day and night; opening hours are routing's unit tests' business.
 */
final class DemoServices {

  static final String SERVICE_TYPE = Canonical.BASE + "/CodeSystem/service-type";
  static final String COVERAGE = Canonical.BASE + "/StructureDefinition/service-coverage";
  static final String PRIORITY = Canonical.BASE + "/StructureDefinition/accepted-priority";

  /** A service of the directory. */
  record Service(
      String id,
      String name,
      String type,
      String providedBy,
      List<String> coverage,
      List<String> priorities) {}

  static final List<Service> SERVICES =
      List.of(
          new Service(
              "demo-hot-clinic",
              "Respiratory HOT clinic, Demo Royal Hospital",
              "hot-clinic",
              "demo-hospital-respiratory",
              List.of("demo-ics"),
              List.of("urgent", "asap", "stat")),
          new Service(
              "demo-falls-team",
              "Community falls team",
              "falls-team",
              "demo-community-trust",
              List.of("demo-ics"),
              List.of("routine", "urgent")),
          new Service(
              "demo-dementia-support",
              "Dementia post-diagnostic support",
              "dementia-support",
              "demo-community-trust",
              List.of("demo-ics"),
              List.of("routine", "urgent")),
          new Service(
              "demo-community-nursing-north",
              "Community nursing, North Demo Place",
              "community-nursing",
              "demo-community-trust",
              List.of("demo-place-north"),
              List.of("routine", "urgent", "asap")),
          new Service(
              "demo-community-respiratory",
              "Community respiratory team",
              "community-respiratory",
              "demo-community-trust",
              List.of("demo-ics"),
              List.of("routine", "urgent")),
          new Service(
              "demo-diabetes-specialist",
              "Specialist community diabetes service",
              "diabetes-specialist",
              "demo-community-trust",
              List.of("demo-ics"),
              List.of("routine", "urgent")),
          new Service(
              "demo-social-care-assessment",
              "Adult social care assessment",
              "social-care-assessment",
              "demo-social-care",
              List.of("demo-ics"),
              List.of("routine", "urgent")));

  static HealthcareService resource(Service service) {
    HealthcareService resource = new HealthcareService();
    resource.setId(service.id());
    resource.setActive(true);
    resource.setName(service.name());
    resource.setProvidedBy(new Reference("Organization/" + service.providedBy()));
    resource.addType(new CodeableConcept(new Coding(SERVICE_TYPE, service.type(), null)));
    service
        .coverage()
        .forEach(org -> resource.addExtension(COVERAGE, new Reference("Organization/" + org)));
    service.priorities().forEach(p -> resource.addExtension(PRIORITY, new CodeType(p)));
    return resource;
  }

  private DemoServices() {}
}
