package org.carepath.coordination.risk.fhir;

import java.util.HashSet;
import java.util.Set;
import org.carepath.coordination.terminology.Code;
import org.hl7.fhir.r4.model.ValueSet;

/** The codes a ValueSet enumerates (compose.include.concept); filters are not expanded here. */
public final class ValueSetCodes {

  private ValueSetCodes() {}

  public static Set<Code> enumerated(ValueSet valueSet) {
    Set<Code> codes = new HashSet<>();
    valueSet
        .getCompose()
        .getInclude()
        .forEach(
            include ->
                include
                    .getConcept()
                    .forEach(
                        concept -> codes.add(new Code(include.getSystem(), concept.getCode()))));
    return codes;
  }
}
