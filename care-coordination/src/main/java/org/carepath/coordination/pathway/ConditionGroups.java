package org.carepath.coordination.pathway;

/** The named groups of problems enrolment policies ask about (each a Carepath ValueSet). */
public final class ConditionGroups {

  public static final String DIABETES = "diabetes";
  public static final String COPD = "copd";
  public static final String RESPIRATORY = "respiratory";
  public static final String PALLIATIVE_CARE = "palliative-care";
  public static final String DEMENTIA = "dementia";

  private ConditionGroups() {}
}
