package org.carepath.coordination.pathway.fhir;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.carepath.coordination.pathway.ConditionGroups;
import org.carepath.coordination.risk.fhir.ClinicalFactsReader;
import org.carepath.coordination.risk.fhir.ValueSetCodes;
import org.carepath.coordination.terminology.Code;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Which of the named problem groups enrolment policies ask about (diabetes, COPD, ...) an active
 * Condition falls in, by the codes of each group's Carepath ValueSet ({@link
 * ConditionGroups#valueSet}).
 */
public final class ConditionGroupCodes {

  private final Map<String, Set<Code>> groups;

  ConditionGroupCodes(Map<String, Set<Code>> groups) {
    this.groups = Map.copyOf(groups);
  }

  /** From the package's ValueSets: each group's ValueSet must be there. */
  public static ConditionGroupCodes from(Collection<ValueSet> valueSets) {
    Map<String, Set<Code>> groups = new HashMap<>();
    for (String group : ConditionGroups.ALL) {
      String url = ConditionGroups.valueSet(group);
      ValueSet valueSet =
          valueSets.stream()
              .filter(vs -> url.equals(vs.getUrl()))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("the terminology has no " + url));
      groups.put(group, ValueSetCodes.enumerated(valueSet, valueSets));
    }
    return new ConditionGroupCodes(groups);
  }

  /** The groups of an active Condition (none for an inactive or refuted one). */
  public Set<String> groupsOf(Condition condition) {
    return ClinicalFactsReader.contributionOf(condition).evidence().stream()
        .flatMap(
            evidence ->
                groups.entrySet().stream()
                    .filter(group -> group.getValue().contains(evidence.code()))
                    .map(Map.Entry::getKey))
        .collect(Collectors.toSet());
  }
}
