package org.carepath.coordination.risk.fhir;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.risk.DiabetesControl;
import org.carepath.coordination.risk.DiabetesTargets;
import org.carepath.coordination.terminology.Code;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Builds the diabetes control model from Carepath's terminology: diagnoses from the {@code
 * diabetes-conditions} ValueSet, care processes from the {@code diabetes-care-process} CodeSystem
 * with one ValueSet {@code diabetes-care-process-<code>} each.
 */
public final class DiabetesControlReader {

  public static final String CARE_PROCESS_CODE_SYSTEM =
      Canonical.BASE + "/CodeSystem/diabetes-care-process";
  static final String DIAGNOSES = Canonical.BASE + "/ValueSet/diabetes-conditions";

  private DiabetesControlReader() {}

  public static DiabetesControl read(
      CodeSystem careProcesses, Collection<ValueSet> valueSets, DiabetesTargets targets) {
    Map<String, ValueSet> byUrl = new HashMap<>();
    valueSets.forEach(vs -> byUrl.putIfAbsent(vs.getUrl(), vs));
    Map<String, Set<Code>> processes = new HashMap<>();
    for (var process : careProcesses.getConcept()) {
      processes.put(
          process.getCode(),
          codesOf(byUrl, Canonical.BASE + "/ValueSet/diabetes-care-process-" + process.getCode()));
    }
    return new DiabetesControl(codesOf(byUrl, DIAGNOSES), processes, targets);
  }

  private static Set<Code> codesOf(Map<String, ValueSet> byUrl, String url) {
    ValueSet valueSet = byUrl.get(url);
    if (valueSet == null) {
      throw new IllegalArgumentException("no value set " + url);
    }
    return ValueSetCodes.enumerated(valueSet, byUrl.values());
  }
}
