package org.carepath.coordination.risk.fhir;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.carepath.coordination.terminology.Code;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The codes a Carepath ValueSet enumerates: its {@code compose.include.concept}s and, for an
 * include that names other value sets ({@code compose.include.valueSet}, how one list per clinical
 * concept is shared — the eFI's memory deficit includes every dementia code; one value set per
 * include), all of theirs. Anything this cannot enumerate exactly — a filter, an exclude, an
 * include that intersects a system with value sets, a value set not in the terminology, a cycle —
 * is refused: a partial list would silently miss patients.
 */
public final class ValueSetCodes {

  private ValueSetCodes() {}

  /** The codes of a value set that includes no other value set. */
  public static Set<Code> enumerated(ValueSet valueSet) {
    return enumerated(valueSet, java.util.List.of());
  }

  /**
   * The codes of {@code valueSet}, following its includes of other value sets among {@code
   * terminology} (by canonical URL, a {@code |version} suffix must match the included set's).
   *
   * @throws IllegalArgumentException when the value set cannot be enumerated exactly
   */
  public static Set<Code> enumerated(ValueSet valueSet, Collection<ValueSet> terminology) {
    Map<String, ValueSet> byUrl = new HashMap<>();
    terminology.forEach(vs -> byUrl.putIfAbsent(vs.getUrl(), vs));
    Set<Code> codes = new HashSet<>();
    collect(valueSet, byUrl, codes, new ArrayDeque<>());
    return codes;
  }

  private static void collect(
      ValueSet valueSet, Map<String, ValueSet> byUrl, Set<Code> codes, Deque<String> path) {
    String url = valueSet.getUrl();
    if (path.contains(url)) {
      throw new IllegalArgumentException("value sets include each other: " + path + " → " + url);
    }
    path.push(url);
    if (valueSet.getCompose().hasExclude()) {
      throw new IllegalArgumentException(url + ": compose.exclude is not enumerated here");
    }
    for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
      if (include.hasFilter()) {
        throw new IllegalArgumentException(url + ": a filter is not enumerated here");
      }
      if (include.getValueSet().size() > 1
          || include.hasValueSet() && (include.hasSystem() || include.hasConcept())) {
        // FHIR: the value sets of one include, and a system with them, intersect.
        throw new IllegalArgumentException(
            url
                + ": an include that intersects (several value sets, or a system and value sets)"
                + " is not enumerated here; include each value set on its own");
      }
      include
          .getConcept()
          .forEach(concept -> codes.add(new Code(include.getSystem(), concept.getCode())));
      for (CanonicalType canonical : include.getValueSet()) {
        collect(included(url, canonical.getValue(), byUrl), byUrl, codes, path);
      }
    }
    path.pop();
  }

  private static ValueSet included(String from, String canonical, Map<String, ValueSet> byUrl) {
    int bar = canonical.indexOf('|');
    String url = bar < 0 ? canonical : canonical.substring(0, bar);
    ValueSet included = byUrl.get(url);
    if (included == null) {
      throw new IllegalArgumentException(from + " includes " + url + ", not in the terminology");
    }
    if (bar >= 0 && !canonical.substring(bar + 1).equals(included.getVersion())) {
      throw new IllegalArgumentException(
          from
              + " includes "
              + canonical
              + " but the terminology has version "
              + included.getVersion());
    }
    return included;
  }
}
