package org.carepath.server.pathway;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.carepath.coordination.risk.Code;
import org.carepath.coordination.risk.fhir.ClinicalFactsReader;
import org.hl7.fhir.r4.model.Condition;

/**
 * Which of the named problem groups enrolment policies ask about (diabetes, COPD, ...) an active
 * Condition falls in, by the codes of each group's Carepath ValueSet.
 */
public final class ConditionGroupCodes {

  private final Map<String, Set<Code>> groups;

  ConditionGroupCodes(Map<String, Set<Code>> groups) {
    this.groups = Map.copyOf(groups);
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
