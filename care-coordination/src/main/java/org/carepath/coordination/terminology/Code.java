package org.carepath.coordination.terminology;

/** A code in a code system, as the domain sees it (no FHIR wrapper types). */
public record Code(String system, String code) {

  public static final String SNOMED = "http://snomed.info/sct";

  public static Code snomed(String code) {
    return new Code(SNOMED, code);
  }

  /** From {@code system|code}, as configuration writes codes (FHIR token search syntax). */
  public static Code parse(String systemAndCode) {
    int bar = systemAndCode == null ? -1 : systemAndCode.lastIndexOf('|');
    if (bar <= 0 || bar == systemAndCode.length() - 1) {
      throw new IllegalArgumentException("expected system|code, got " + systemAndCode);
    }
    return new Code(systemAndCode.substring(0, bar), systemAndCode.substring(bar + 1));
  }
}
