package org.carepath.coordination.patient.fhir;

import org.hl7.fhir.r4.model.Patient;

/**
 * How a FHIR Patient records a death: {@code deceasedDateTime}, or {@code deceasedBoolean} true.
 */
public final class Deaths {

  private Deaths() {}

  public static boolean isDeceased(Patient patient) {
    return patient.hasDeceasedDateTimeType()
        || (patient.hasDeceasedBooleanType() && patient.getDeceasedBooleanType().booleanValue());
  }
}
