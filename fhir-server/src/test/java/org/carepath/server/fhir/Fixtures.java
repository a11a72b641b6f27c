package org.carepath.server.fhir;

import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/** The smallest valid R4 resource of each type Carepath stores, each with a test identifier. */
final class Fixtures {

  static final String TEST_SYSTEM = "https://fhir.carepath.org/Id/test";

  static final List<String> TYPES =
      List.of(
          "Patient",
          "Organization",
          "Practitioner",
          "PractitionerRole",
          "CareTeam",
          "CarePlan",
          "Goal",
          "Condition",
          "Observation",
          "RiskAssessment",
          "ServiceRequest",
          "Task",
          "EpisodeOfCare",
          "Consent");

  static DomainResource minimal(String type, Reference patient, String identifierValue) {
    Identifier identifier = new Identifier().setSystem(TEST_SYSTEM).setValue(identifierValue);
    Reference practice = new Reference("Organization/demo-practice-1");
    Reference gp = new Reference("Practitioner/demo-gp");
    return switch (type) {
      case "Patient" ->
          new Patient()
              .addIdentifier(identifier)
              .addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Fixture"))
              .addGeneralPractitioner(practice);
      case "Organization" ->
          new Organization().addIdentifier(identifier).setName("Fixture organisation");
      case "Practitioner" ->
          new Practitioner()
              .addIdentifier(identifier)
              .addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Fixture"));
      case "PractitionerRole" ->
          new PractitionerRole()
              .addIdentifier(identifier)
              .setPractitioner(gp)
              .setOrganization(practice);
      case "CareTeam" ->
          new CareTeam()
              .addIdentifier(identifier)
              .setStatus(CareTeam.CareTeamStatus.ACTIVE)
              .setSubject(patient)
              .addParticipant(new CareTeam.CareTeamParticipantComponent().setMember(gp));
      case "CarePlan" ->
          new CarePlan()
              .addIdentifier(identifier)
              .setStatus(CarePlan.CarePlanStatus.ACTIVE)
              .setIntent(CarePlan.CarePlanIntent.PLAN)
              .setSubject(patient);
      case "Goal" ->
          new Goal()
              .addIdentifier(identifier)
              .setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE)
              .setDescription(new CodeableConcept().setText("Walk to the shops"))
              .setSubject(patient);
      case "Condition" ->
          new Condition()
              .addIdentifier(identifier)
              .setSubject(patient)
              .setCode(snomed("13645005", "Chronic obstructive lung disease"));
      case "Observation" ->
          new Observation()
              .addIdentifier(identifier)
              .setStatus(Observation.ObservationStatus.FINAL)
              .setCode(new CodeableConcept(new Coding("http://loinc.org", "59261-8", "HbA1c")))
              .setSubject(patient)
              .setValue(
                  new Quantity()
                      .setValue(52)
                      .setUnit("mmol/mol")
                      .setSystem("http://unitsofmeasure.org")
                      .setCode("mmol/mol"));
      case "RiskAssessment" ->
          new RiskAssessment()
              .addIdentifier(identifier)
              .setStatus(RiskAssessment.RiskAssessmentStatus.FINAL)
              .setSubject(patient);
      case "ServiceRequest" ->
          new ServiceRequest()
              .addIdentifier(identifier)
              .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
              .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
              .setSubject(patient)
              .setCode(snomed("3457005", "Patient referral"));
      case "Task" ->
          new Task()
              .addIdentifier(identifier)
              .setStatus(Task.TaskStatus.REQUESTED)
              .setIntent(Task.TaskIntent.ORDER)
              .setFor(patient);
      case "EpisodeOfCare" ->
          new EpisodeOfCare()
              .addIdentifier(identifier)
              .setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE)
              .setPatient(patient);
      case "Consent" ->
          new Consent()
              .addIdentifier(identifier)
              .setStatus(Consent.ConsentState.ACTIVE)
              .setScope(
                  new CodeableConcept(
                      new Coding(
                          "http://terminology.hl7.org/CodeSystem/consentscope",
                          "patient-privacy",
                          null)))
              .addCategory(
                  new CodeableConcept(
                      new Coding("http://loinc.org", "59284-0", "Consent Document")))
              .setPatient(patient)
              .setPolicyRule(
                  new CodeableConcept(
                      new Coding(
                          "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                          "OPTOUT",
                          "opt out")));
      default -> throw new IllegalArgumentException("no fixture for " + type);
    };
  }

  static CodeableConcept snomed(String code, String display) {
    return new CodeableConcept(new Coding("http://snomed.info/sct", code, display));
  }

  private Fixtures() {}
}
