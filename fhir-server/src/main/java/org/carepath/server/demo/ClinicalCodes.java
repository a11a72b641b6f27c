package org.carepath.server.demo;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * The codes the synthetic population uses: SNOMED CT for diagnoses, findings and medicines
 * (substance concepts), LOINC for measurements (as the FHIR vital-signs profiles expect).
 */
final class ClinicalCodes {

  static final String SNOMED = "http://snomed.info/sct";
  static final String LOINC = "http://loinc.org";
  static final String UCUM = "http://unitsofmeasure.org";

  /** A long-term condition and the medicines commonly recorded for it. */
  enum Condition {
    TYPE_2_DIABETES("44054006", "Type 2 diabetes mellitus", Medicine.METFORMIN),
    TYPE_1_DIABETES("46635009", "Type 1 diabetes mellitus", Medicine.INSULIN),
    COPD("13645005", "Chronic obstructive lung disease", Medicine.SALBUTAMOL),
    ASTHMA("195967001", "Asthma", Medicine.SALBUTAMOL),
    HEART_FAILURE("84114007", "Heart failure", Medicine.FUROSEMIDE, Medicine.BISOPROLOL),
    HYPERTENSION("38341003", "Hypertensive disorder", Medicine.RAMIPRIL, Medicine.AMLODIPINE),
    ATRIAL_FIBRILLATION("49436004", "Atrial fibrillation", Medicine.BISOPROLOL),
    CKD_STAGE_3("433144002", "Chronic kidney disease stage 3"),
    DEMENTIA("52448006", "Dementia"),
    OSTEOARTHRITIS("396275006", "Osteoarthritis", Medicine.PARACETAMOL),
    OSTEOPOROSIS("64859006", "Osteoporosis"),
    PARKINSONS("49049000", "Parkinson's disease"),
    DEPRESSION("35489007", "Depressive disorder"),
    HEARING_LOSS("15188001", "Hearing loss"),
    VISUAL_IMPAIRMENT("397540003", "Visual impairment"),
    URINARY_INCONTINENCE("165232002", "Urinary incontinence"),
    FALLS("161898004", "Falls"),
    FRAILTY("248279007", "Frailty"),
    // Findings that cluster in frail older people (each an eFI deficit; impaired mobility is two).
    IMPAIRED_MOBILITY("82971005", "Impaired mobility"),
    HOUSEBOUND("160689007", "Housebound"),
    LIVES_ALONE("105529008", "Lives alone"),
    MEMORY_IMPAIRMENT("386807006", "Memory impairment"),
    DIZZINESS("404640003", "Dizziness"),
    DYSPNOEA("267036007", "Dyspnea"),
    SLEEP_DISORDER("39898005", "Sleep disorder"),
    ANAEMIA("271737000", "Anemia"),
    WEIGHT_LOSS("89362005", "Weight loss"),
    ISCHAEMIC_HEART_DISEASE("414545008", "Ischemic heart disease", Medicine.ASPIRIN),
    THYROID_DISEASE("14304000", "Disorder of thyroid gland");

    final String code;
    final String display;
    final Medicine[] medicines;

    Condition(String code, String display, Medicine... medicines) {
      this.code = code;
      this.display = display;
      this.medicines = medicines;
    }

    CodeableConcept concept() {
      return snomed(code, display);
    }
  }

  /** Medicines as SNOMED CT substance concepts. */
  enum Medicine {
    METFORMIN("372567009", "Metformin"),
    INSULIN("67866001", "Insulin"),
    SALBUTAMOL("372897005", "Salbutamol"),
    FUROSEMIDE("387475002", "Furosemide"),
    BISOPROLOL("386868003", "Bisoprolol"),
    RAMIPRIL("386872004", "Ramipril"),
    AMLODIPINE("386864001", "Amlodipine"),
    ATORVASTATIN("373444002", "Atorvastatin"),
    ASPIRIN("387458008", "Aspirin"),
    OMEPRAZOLE("387137007", "Omeprazole"),
    PARACETAMOL("387517004", "Paracetamol");

    final String code;
    final String display;

    Medicine(String code, String display) {
      this.code = code;
      this.display = display;
    }

    CodeableConcept concept() {
      return snomed(code, display);
    }
  }

  /** Measurements: LOINC code, display and UCUM unit. */
  enum Measurement {
    HBA1C("59261-8", "Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol", "mmol/mol"),
    BLOOD_PRESSURE("85354-9", "Blood pressure panel with all children optional", null),
    SYSTOLIC("8480-6", "Systolic blood pressure", "mm[Hg]"),
    DIASTOLIC("8462-4", "Diastolic blood pressure", "mm[Hg]"),
    BMI("39156-5", "Body mass index (BMI) [Ratio]", "kg/m2"),
    CHOLESTEROL("14647-2", "Cholesterol [Moles/volume] in Serum or Plasma", "mmol/L"),
    CREATININE("14682-9", "Creatinine [Moles/volume] in Serum or Plasma", "umol/L"),
    URINE_ACR("14958-3", "Microalbumin/Creatinine [Molar ratio] in Urine", "mg/mmol"),
    FEV1("20150-9", "FEV1", "L"),
    SMOKING_STATUS("72166-2", "Tobacco smoking status", null);

    final String code;
    final String display;
    final String unit;

    Measurement(String code, String display, String unit) {
      this.code = code;
      this.display = display;
      this.unit = unit;
    }

    CodeableConcept concept() {
      return new CodeableConcept(new Coding(LOINC, code, display)).setText(display);
    }
  }

  static final CodeableConcept NEVER_SMOKED = snomed("266919005", "Never smoked tobacco");
  static final CodeableConcept EX_SMOKER = snomed("8517006", "Ex-smoker");
  static final CodeableConcept SMOKER = snomed("77176002", "Smoker");
  static final CodeableConcept GP_CONSULTATION = snomed("11429006", "Consultation");

  static CodeableConcept snomed(String code, String display) {
    return new CodeableConcept(new Coding(SNOMED, code, display)).setText(display);
  }

  private ClinicalCodes() {}
}
