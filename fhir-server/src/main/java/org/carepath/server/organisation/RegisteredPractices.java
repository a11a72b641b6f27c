package org.carepath.server.organisation;

import java.util.Optional;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The GP practice each patient is registered with, as the risk projection holds it: written from
 * {@code Patient.generalPractitioner} (the first Organization) in the Patient's own transaction, so
 * it is as current as the Patient — one indexed row instead of reading and parsing the Patient.
 */
public class RegisteredPractices {

  private final JdbcTemplate jdbc;

  RegisteredPractices(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * {@code Organization/<id>} of the patient's practice; empty when the projection holds none for
   * them (no practice registered, or the patient not projected yet) — callers then read the
   * Patient.
   */
  public Optional<String> of(String patientId) {
    return jdbc
        .queryForList(
            "select practice from cp_risk_patient where patient_id = ? and practice is not null",
            String.class,
            patientId)
        .stream()
        .findFirst();
  }

  /** The practice a Patient names: {@code Organization/<id>} of its first Organization GP. */
  public static Optional<String> of(Patient patient) {
    return patient.getGeneralPractitioner().stream()
        .map(Reference::getReferenceElement)
        .filter(id -> "Organization".equals(id.getResourceType()) && id.getIdPart() != null)
        .map(id -> "Organization/" + id.getIdPart())
        .findFirst();
  }
}
