package org.carepath.coordination.pathway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which data starts or moves which pathway, whoever records it (PATHWAYS.md; seeds 000–003):
 *
 * <ul>
 *   <li>a diabetes diagnosis → diabetes enrolment, or a suggestion to the coordinator, or nothing
 *       ({@link DiabetesDiagnosis}, configuration);
 *   <li>a palliative or terminal care problem (the register) → end of life;
 *   <li>an active episode of care managed by a care home → Enhanced Health in Care Homes, from the
 *       episode's start;
 *   <li>an inpatient discharge → the COPD 6-week review, from the discharge (its enrolment policy
 *       keeps it to people with COPD);
 *   <li>an emergency attendance → events {@value #AE_ATTENDANCE} (diabetes specialist nurse
 *       follow-up) and {@value #HOSPITAL_CONVEYANCE} (care homes' post-conveyance review);
 *   <li>diabetes control entering the poor-control band → event {@value #POOR_CONTROL} (escalation
 *       to the specialist community diabetes service);
 *   <li>a death → every running pathway ends; steps opened by {@value #DEATH} (end of life: record
 *       the place of death) open.
 * </ul>
 *
 * Which steps an event opens is pathway content (the PlanDefinitions' named-event triggers), not
 * decided here.
 */
public final class PathwayTriggerPolicy {

  /** What a new diabetes diagnosis does. */
  public enum DiabetesDiagnosis {
    ENROL,
    SUGGEST,
    NONE;

    /** From configuration: {@code enrol}, {@code suggest} or {@code none}. */
    public static DiabetesDiagnosis of(String setting) {
      try {
        return valueOf(setting.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "diabetes trigger must be enrol, suggest or none, not " + setting, e);
      }
    }
  }

  public static final String DIABETES = "diabetes";
  public static final String END_OF_LIFE = "end-of-life";
  public static final String CARE_HOMES = "care-homes";
  public static final String COPD_POST_DISCHARGE = "copd-post-discharge";

  public static final String AE_ATTENDANCE = "ae-attendance";
  public static final String HOSPITAL_CONVEYANCE = "hospital-conveyance";
  public static final String POOR_CONTROL = "poor-control";
  public static final String DEATH = "death";

  static final String DIED = "The patient died.";

  private final DiabetesDiagnosis diabetesDiagnosis;

  public PathwayTriggerPolicy(DiabetesDiagnosis diabetesDiagnosis) {
    this.diabetesDiagnosis = diabetesDiagnosis;
  }

  /**
   * What {@code event} does.
   *
   * @param isCareHome whether an organisation ({@code Organization/<id>}) is a care home
   */
  public List<TriggeredAction> actionsFor(RecordEvent event, Predicate<String> isCareHome) {
    List<TriggeredAction> actions = new ArrayList<>();
    if (event instanceof RecordEvent.ProblemRecorded problem) {
      if (problem.groups().contains(ConditionGroups.DIABETES)) {
        switch (diabetesDiagnosis) {
          case ENROL -> actions.add(enrol(DIABETES));
          case SUGGEST -> actions.add(new TriggeredAction.SuggestEnrolment(DIABETES));
          case NONE -> {}
        }
      }
      if (problem.groups().contains(ConditionGroups.PALLIATIVE_CARE)) {
        actions.add(enrol(END_OF_LIFE));
      }
    } else if (event instanceof RecordEvent.EpisodeOfCareActive episode) {
      if (isCareHome.test(episode.organisation())) {
        actions.add(
            new TriggeredAction.Enrol(
                CARE_HOMES, Optional.of(episode.organisation()), episode.start()));
      }
    } else if (event instanceof RecordEvent.EmergencyAttendance attendance) {
      actions.add(new TriggeredAction.RaiseEvent(AE_ATTENDANCE, attendance.at()));
      actions.add(new TriggeredAction.RaiseEvent(HOSPITAL_CONVEYANCE, attendance.at()));
    } else if (event instanceof RecordEvent.InpatientDischarge discharge) {
      actions.add(
          new TriggeredAction.Enrol(COPD_POST_DISCHARGE, Optional.empty(), discharge.end()));
    } else if (event instanceof RecordEvent.PoorDiabetesControl poor) {
      actions.add(new TriggeredAction.RaiseEvent(POOR_CONTROL, poor.at()));
    } else if (event instanceof RecordEvent.Died) {
      actions.add(new TriggeredAction.EndAllPathways(DIED, DEATH));
    }
    return List.copyOf(actions);
  }

  /**
   * Whether {@code event} may do anything: asked when the data is written, before anything is read
   * (an episode's organisation is taken to be a care home until it is looked up).
   */
  public boolean mayAct(RecordEvent event) {
    return !actionsFor(event, organisation -> true).isEmpty();
  }

  private static TriggeredAction enrol(String pathway) {
    return new TriggeredAction.Enrol(pathway, Optional.empty(), Optional.empty());
  }
}
