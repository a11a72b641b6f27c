package org.carepath.server.risk;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.carepath.coordination.risk.ClinicalFacts;
import org.carepath.coordination.risk.fhir.ClinicalFactsReader;
import org.carepath.server.fhir.Searches;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads one patient's record through the FHIR storage layer, as the caller (so access rules apply),
 * and reduces it to the facts risk models use.
 */
class PatientRecordLoader {

  /** A patient and the facts of their record. */
  record PatientRecord(Patient patient, ClinicalFacts facts) {
    String id() {
      return patient.getIdElement().getIdPart();
    }
  }

  private final DaoRegistry daoRegistry;

  PatientRecordLoader(DaoRegistry daoRegistry) {
    this.daoRegistry = daoRegistry;
  }

  PatientRecord load(String patientId, LocalDate today, RequestDetails request) {
    Patient patient =
        daoRegistry.getResourceDao(Patient.class).read(new IdType("Patient", patientId), request);
    String subject = "Patient/" + patient.getIdElement().getIdPart();
    ClinicalFacts facts =
        ClinicalFactsReader.read(
            patient,
            search(Condition.class, subject, request),
            search(Observation.class, subject, request),
            medicines(subject, request),
            today);
    return new PatientRecord(patient, facts);
  }

  private List<Resource> medicines(String subject, RequestDetails request) {
    List<Resource> medicines = new ArrayList<>();
    medicines.addAll(search(MedicationStatement.class, subject, request));
    medicines.addAll(search(MedicationRequest.class, subject, request));
    return medicines;
  }

  private <T extends IBaseResource> List<T> search(
      Class<T> type, String patientReference, RequestDetails request) {
    SearchParameterMap byPatient =
        SearchParameterMap.newSynchronous("patient", new ReferenceParam(patientReference));
    @SuppressWarnings("unchecked")
    List<T> found = (List<T>) Searches.all(daoRegistry.getResourceDao(type), byPatient);
    return found;
  }
}
