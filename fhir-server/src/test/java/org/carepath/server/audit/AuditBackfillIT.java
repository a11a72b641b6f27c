package org.carepath.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import io.restassured.path.json.JsonPath;
import java.util.Date;
import org.carepath.server.conformance.ServerAuthoredWrites;
import org.carepath.server.support.ServerTestSupport;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A database that held AuditEvents in HAPI's tables (before the audit store) keeps them: they are
 * copied into the store, each once, and found as any other.
 */
class AuditBackfillIT extends ServerTestSupport {

  @Autowired AuditBackfill backfill;
  @Autowired DaoRegistry daos;
  @Autowired JdbcTemplate jdbc;

  @Test
  void auditEventsHapiHeldAreCopiedIntoTheStoreOnceAndFound() {
    String patient =
        "Patient/" + newPatient("1947-07-17", "Earlier", "Organization/demo-practice-1");
    String marker = unique("earlier");
    AuditEvent earlier = new AuditEvent();
    earlier.getType().setSystem("http://dicom.nema.org/resources/ontology/DCM").setCode("110110");
    earlier.addSubtype(new Coding(AuditTrail.EVENT_SUBTYPE, marker, null));
    earlier.setAction(AuditEvent.AuditEventAction.R);
    earlier.setOutcome(AuditEvent.AuditEventOutcome._0);
    earlier.setRecorded(new Date());
    earlier.addAgent().setRequestor(true).getWho().setDisplay("earlier user");
    earlier.getSource().getObserver().setDisplay("Carepath");
    AuditEvents.addPatient(earlier, patient.substring("Patient/".length()));
    // As the server stored them before: through HAPI.
    daos.getResourceDao(AuditEvent.class).create(earlier, ServerAuthoredWrites.request());

    long through = jdbc.queryForObject("select copied_through from cp_audit_state", Long.class);
    assertThat(backfill.copy()).isEqualTo(1);
    assertThat(jdbc.queryForObject("select copied_through from cp_audit_state", Long.class))
        .isGreaterThan(through);
    // A second run (a restart part-way, or a second replica) copies nothing twice.
    assertThat(backfill.copy()).isZero();

    JsonPath found =
        as("privacy-officer")
            .queryParam("patient", patient)
            .queryParam("subtype", AuditTrail.EVENT_SUBTYPE + "|" + marker)
            .get("/AuditEvent")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(entries(found)).isEqualTo(1);
    assertThat(found.getString("entry[0].resource.agent[0].who.display")).isEqualTo("earlier user");
  }
}
