package org.carepath.coordination.pathway;

import java.util.List;
import java.util.Map;
import org.carepath.coordination.Canonical;

/**
 * The named groups of problems enrolment policies and triggers ask about, each a Carepath ValueSet
 * (the one place a group is bound to its ValueSet).
 */
public final class ConditionGroups {

  public static final String DIABETES = "diabetes";
  public static final String COPD = "copd";
  public static final String RESPIRATORY = "respiratory";
  public static final String PALLIATIVE_CARE = "palliative-care";
  public static final String DEMENTIA = "dementia";

  public static final List<String> ALL =
      List.of(DIABETES, COPD, RESPIRATORY, PALLIATIVE_CARE, DEMENTIA);

  private static final Map<String, String> VALUE_SETS =
      Map.of(
          DIABETES, "diabetes-conditions",
          COPD, "copd-conditions",
          RESPIRATORY, "efi-respiratory-disease",
          PALLIATIVE_CARE, "palliative-care-conditions",
          DEMENTIA, "dementia-conditions");

  private ConditionGroups() {}

  /** The canonical URL of the group's ValueSet. */
  public static String valueSet(String group) {
    String id = VALUE_SETS.get(group);
    if (id == null) {
      throw new IllegalArgumentException("no problem group " + group);
    }
    return Canonical.valueSet(id);
  }
}
