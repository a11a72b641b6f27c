package org.carepath.coordination.risk.fhir;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.risk.DeficitCatalogue;
import org.carepath.coordination.terminology.Code;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Builds the eFI deficit catalogue from Carepath's terminology: the {@code efi-deficit} CodeSystem
 * names the deficits (its size is the index's denominator), and for each deficit the ValueSet
 * {@code …/ValueSet/efi-<deficit>} enumerates the codes that evidence it. Polypharmacy is counted
 * from medicines, not matched by code.
 */
public final class DeficitCatalogueReader {

  public static final String DEFICIT_CODE_SYSTEM = Canonical.BASE + "/CodeSystem/efi-deficit";
  static final String PREFIX = Canonical.BASE + "/ValueSet/efi-";

  private DeficitCatalogueReader() {}

  /**
   * @throws IllegalArgumentException when a deficit has no value set — a terminology error that
   *     would silently lower every score
   */
  public static DeficitCatalogue read(CodeSystem deficits, Collection<ValueSet> valueSets) {
    if (!DEFICIT_CODE_SYSTEM.equals(deficits.getUrl())) {
      throw new IllegalArgumentException("expected the CodeSystem " + DEFICIT_CODE_SYSTEM);
    }
    Map<String, ValueSet> byUrl =
        valueSets.stream()
            .collect(Collectors.toMap(ValueSet::getUrl, Function.identity(), (a, b) -> a));
    Map<String, Set<Code>> codes = new HashMap<>();
    for (CodeSystem.ConceptDefinitionComponent deficit : deficits.getConcept()) {
      if (deficit.getCode().equals(DeficitCatalogue.POLYPHARMACY)) {
        continue;
      }
      ValueSet valueSet = byUrl.get(PREFIX + deficit.getCode());
      if (valueSet == null) {
        throw new IllegalArgumentException("no value set for the eFI deficit " + deficit.getCode());
      }
      codes.put(deficit.getCode(), ValueSetCodes.enumerated(valueSet, valueSets));
    }
    return new DeficitCatalogue(codes, deficits.getConcept().size());
  }
}
