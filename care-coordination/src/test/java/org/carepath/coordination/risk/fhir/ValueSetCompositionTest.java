package org.carepath.coordination.risk.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carepath.coordination.terminology.Code;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

/**
 * One list per clinical concept: an eFI deficit whose concept a pathway's condition list also names
 * includes that list ({@code compose.include.valueSet}), so a code added for the pathway counts for
 * the frailty score too — the fault where Alzheimer's disease started the dementia pathway but
 * scored no memory deficit.
 */
class ValueSetCompositionTest {

  /** Pathway condition lists and the eFI deficit of the same clinical concept. */
  private static final Map<String, String> SAME_CONCEPT =
      Map.of(
          "dementia-conditions", "efi-memory-cognitive-problems",
          "copd-conditions", "efi-respiratory-disease",
          "heart-failure-conditions", "efi-heart-failure",
          "diabetes-conditions", "efi-diabetes",
          "care-home-settings", "efi-requirement-for-care");

  private final List<ValueSet> terminology = TerminologyFiles.valueSets();

  @Test
  void eachDeficitIncludesThePathwayListOfItsConcept() {
    SAME_CONCEPT.forEach(
        (list, deficit) ->
            assertThat(
                    TerminologyFiles.valueSet(deficit).getCompose().getInclude().stream()
                        .flatMap(include -> include.getValueSet().stream())
                        .map(CanonicalType::getValue))
                .as(deficit + " includes " + list)
                .contains("https://fhir.carepath.org/ValueSet/" + list));
  }

  /**
   * Any pathway condition list sharing a code with a deficit is wholly in it: a shared code means a
   * shared concept, and a concept's codes are not split between the score and the pathway.
   */
  @Test
  void aConditionListThatSharesACodeWithADeficitIsWhollyInIt() {
    List<String> missing = new ArrayList<>();
    for (ValueSet list : conditionLists()) {
      Set<Code> listCodes = ValueSetCodes.enumerated(list, terminology);
      for (ValueSet deficit : deficits()) {
        Set<Code> deficitCodes = ValueSetCodes.enumerated(deficit, terminology);
        if (listCodes.stream().anyMatch(deficitCodes::contains)) {
          Set<Code> absent = new HashSet<>(listCodes);
          absent.removeAll(deficitCodes);
          absent.forEach(
              code -> missing.add(list.getName() + " " + code.code() + " → " + deficit.getName()));
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void alzheimersCopdAndChronicHeartFailureEvidenceTheirDeficits() {
    assertThat(codes("efi-memory-cognitive-problems")).contains(Code.snomed("26929004"));
    assertThat(codes("efi-respiratory-disease"))
        .contains(Code.snomed("185086009"), Code.snomed("87433001"));
    assertThat(codes("efi-heart-failure")).contains(Code.snomed("88805009"));
  }

  @Test
  void aListThatCannotBeEnumeratedExactlyIsRefused() {
    ValueSet dangling = new ValueSet().setUrl("https://example.org/ValueSet/dangling");
    dangling.getCompose().addInclude().addValueSet("https://example.org/ValueSet/absent");
    assertThatThrownBy(() -> ValueSetCodes.enumerated(dangling, terminology))
        .hasMessageContaining("not in the terminology");

    ValueSet intersecting = new ValueSet().setUrl("https://example.org/ValueSet/intersecting");
    intersecting
        .getCompose()
        .addInclude()
        .addValueSet(TerminologyFiles.valueSet("copd-conditions").getUrl())
        .addValueSet(TerminologyFiles.valueSet("dementia-conditions").getUrl());
    assertThatThrownBy(() -> ValueSetCodes.enumerated(intersecting, terminology))
        .hasMessageContaining("intersects");

    ValueSet a = new ValueSet().setUrl("https://example.org/ValueSet/a");
    ValueSet b = new ValueSet().setUrl("https://example.org/ValueSet/b");
    a.getCompose().addInclude().addValueSet(b.getUrl());
    b.getCompose().addInclude().addValueSet(a.getUrl());
    assertThatThrownBy(() -> ValueSetCodes.enumerated(a, List.of(a, b)))
        .hasMessageContaining("include each other");

    ValueSet wrongVersion = new ValueSet().setUrl("https://example.org/ValueSet/versioned");
    wrongVersion
        .getCompose()
        .addInclude()
        .addValueSet(TerminologyFiles.valueSet("copd-conditions").getUrl() + "|0.0.1");
    assertThatThrownBy(() -> ValueSetCodes.enumerated(wrongVersion, terminology))
        .hasMessageContaining("version");
  }

  private Set<Code> codes(String id) {
    return ValueSetCodes.enumerated(TerminologyFiles.valueSet(id), terminology);
  }

  private List<ValueSet> deficits() {
    return terminology.stream()
        .filter(vs -> vs.getIdElement().getIdPart().startsWith("efi-") && !isFiltered(vs))
        .filter(vs -> !vs.getIdElement().getIdPart().equals("efi-deficit"))
        .toList();
  }

  /** SNOMED CT value sets that are not eFI deficits: the pathway condition lists. */
  private List<ValueSet> conditionLists() {
    return terminology.stream()
        .filter(vs -> !vs.getIdElement().getIdPart().startsWith("efi-") && !isFiltered(vs))
        .filter(
            vs ->
                vs.getCompose().getInclude().stream()
                    .anyMatch(include -> Code.SNOMED.equals(include.getSystem())))
        .filter(vs -> !vs.getIdElement().getIdPart().startsWith("diabetes-care-process"))
        .filter(vs -> !vs.getIdElement().getIdPart().equals("place-of-care"))
        .toList();
  }

  private static boolean isFiltered(ValueSet vs) {
    return vs.getCompose().getInclude().stream().anyMatch(ValueSet.ConceptSetComponent::hasFilter);
  }
}
