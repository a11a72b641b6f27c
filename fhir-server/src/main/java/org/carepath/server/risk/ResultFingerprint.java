package org.carepath.server.risk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * What a risk result says, apart from when it was said: a hash of the RiskAssessment without its
 * id, meta and date. A population run writes a new version only when this changes, so an unchanged
 * result keeps its version and date (when the current result was first reached).
 */
class ResultFingerprint {

  private final FhirContext fhirContext;

  ResultFingerprint(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
  }

  String of(RiskAssessment result) {
    RiskAssessment content = result.copy();
    content.setId((String) null);
    content.setMeta(null);
    content.setOccurrence(null);
    content.setText(null);
    IParser parser = fhirContext.newJsonParser();
    byte[] encoded = parser.encodeResourceToString(content).getBytes(StandardCharsets.UTF_8);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
