package org.carepath.coordination.terminology;

/** A code in a code system, as the domain sees it (no FHIR wrapper types). */
public record Code(String system, String code) {

  public static final String SNOMED = "http://snomed.info/sct";

  public static Code snomed(String code) {
    return new Code(SNOMED, code);
  }
}
