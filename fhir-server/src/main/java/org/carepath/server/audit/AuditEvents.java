package org.carepath.server.audit;

import ca.uhn.fhir.storage.interceptor.balp.BalpConstants;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carepath.server.security.CarepathUser;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/** The parts of Carepath's AuditEvents: agents, entities and BALP's profiles. */
public final class AuditEvents {

  /** Why nobody writes an AuditEvent over the API. */
  public static final String APPEND_ONLY =
      "AuditEvents are append-only: only the server writes them.";

  static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";

  private AuditEvents() {}

  static final String BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/";

  /** BALP's basic profiles and their patient counterparts. */
  static final Map<String, String> PATIENT_PROFILES =
      Map.of(
          BALP + "IHE.BasicAudit.Read", BALP + "IHE.BasicAudit.PatientRead",
          BALP + "IHE.BasicAudit.Query", BALP + "IHE.BasicAudit.PatientQuery",
          BALP + "IHE.BasicAudit.Create", BALP + "IHE.BasicAudit.PatientCreate",
          BALP + "IHE.BasicAudit.Update", BALP + "IHE.BasicAudit.PatientUpdate",
          BALP + "IHE.BasicAudit.Delete", BALP + "IHE.BasicAudit.PatientDelete");

  /** The records ({@code Type/id}) an event names, other than patients. */
  static Set<String> dataReferences(AuditEvent event) {
    Set<String> data = new LinkedHashSet<>();
    event.getEntity().stream()
        .map(entity -> entity.getWhat().getReferenceElement())
        .filter(id -> id.hasResourceType() && id.hasIdPart())
        .forEach(id -> data.add(id.getResourceType() + "/" + id.getIdPart()));
    return data;
  }

  static void addOrganisation(AuditEvent event, String ods, Optional<String> reference) {
    Reference organisation =
        new Reference().setIdentifier(new Identifier().setSystem(ODS).setValue(ods));
    reference.ifPresent(organisation::setReference);
    event
        .addAgent()
        .setRequestor(false)
        .setType(
            new org.hl7.fhir.r4.model.CodeableConcept(
                new Coding(
                    "http://terminology.hl7.org/CodeSystem/v3-RoleClass",
                    "PROV",
                    "healthcare provider")))
        .setWho(organisation);
  }

  static Set<String> patients(AuditEvent event) {
    Set<String> patients = new LinkedHashSet<>();
    event.getEntity().stream()
        .map(entity -> entity.getWhat().getReferenceElement())
        .filter(id -> "Patient".equals(id.getResourceType()) && id.hasIdPart())
        .forEach(id -> patients.add(id.getIdPart()));
    return patients;
  }

  static void addPatient(AuditEvent event, String patientId) {
    event
        .addEntity()
        .setType(
            new Coding(
                BalpConstants.CS_AUDIT_ENTITY_TYPE,
                BalpConstants.CS_AUDIT_ENTITY_TYPE_1_PERSON,
                "Person"))
        .setRole(
            new Coding(
                BalpConstants.CS_OBJECT_ROLE, BalpConstants.CS_OBJECT_ROLE_1_PATIENT, "Patient"))
        .getWhat()
        .setReference("Patient/" + patientId);
  }

  /** A new entity of BALP type "system object" (a resource, a request, a job). */
  static AuditEvent.AuditEventEntityComponent addSystemObject(AuditEvent event) {
    return event
        .addEntity()
        .setType(
            new Coding(
                BalpConstants.CS_AUDIT_ENTITY_TYPE,
                BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT,
                BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT_DISPLAY));
  }

  static void addData(AuditEvent event, String what) {
    addSystemObject(event).getWhat().setReference(what);
  }

  static Reference userReference(Optional<CarepathUser> user) {
    Reference who = new Reference();
    user.ifPresent(
        u -> {
          who.setIdentifier(
              new Identifier().setSystem(AuditTrail.USER_SYSTEM).setValue(u.subject()));
          u.practitioner().ifPresent(who::setReference);
          who.setDisplay(u.subject());
        });
    return who;
  }
}
