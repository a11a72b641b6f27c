package org.carepath.coordination.pathway.fhir;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.pathway.Applicability;
import org.carepath.coordination.pathway.Participant;
import org.carepath.coordination.pathway.PathwayDefinition;
import org.carepath.coordination.pathway.StepDefinition;
import org.carepath.coordination.pathway.StepDefinition.TimedFrom;
import org.carepath.coordination.pathway.StepTiming;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.ActionConditionKind;
import org.hl7.fhir.r4.model.PlanDefinition.ActionRelationshipType;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionRelatedActionComponent;
import org.hl7.fhir.r4.model.TriggerDefinition.TriggerType;

/**
 * Reads a pathway from its PlanDefinition and the ActivityDefinitions its actions name. How
 * Carepath writes a pathway (docs/pathways.md, "Writing a pathway"):
 *
 * <ul>
 *   <li>the pathway code is {@code PlanDefinition.topic} in CodeSystem {@code pathway}; extension
 *       {@code enrolment-policy} names the enrolment rule it needs;
 *   <li>each action is a step: {@code action.id} is the step code, {@code definitionCanonical} its
 *       ActivityDefinition (code, title, participant role with extension {@code
 *       participant-organisation-type});
 *   <li>timing: {@code timingDuration} from enrolment, or {@code relatedAction.offsetDuration} from
 *       the end of the prerequisites; UCUM {@code h}, {@code d} or {@code wk}; a duration in days
 *       with extension {@code working-days} counts working days;
 *   <li>{@code relatedAction} (relationship {@code after-end}) lists prerequisites;
 *   <li>{@code condition} (kind applicability, {@code text/fhirpath}) says when it applies;
 *   <li>{@code trigger} (named-event) makes it a step an event starts; extension {@code
 *       step-recurs} (a Duration) makes it come round again after completion.
 * </ul>
 */
public final class PathwayDefinitionReader {

  public static final String PATHWAY_SYSTEM = Canonical.BASE + "/CodeSystem/pathway";
  public static final String STEP_SYSTEM = Canonical.BASE + "/CodeSystem/pathway-step";
  public static final String CARE_ROLE_SYSTEM = Canonical.BASE + "/CodeSystem/care-role";
  public static final String ENROLMENT_POLICY =
      Canonical.BASE + "/StructureDefinition/enrolment-policy";
  public static final String WORKING_DAYS = Canonical.BASE + "/StructureDefinition/working-days";
  public static final String STEP_RECURS = Canonical.BASE + "/StructureDefinition/step-recurs";
  public static final String ORGANISATION_TYPE =
      Canonical.BASE + "/StructureDefinition/participant-organisation-type";
  private static final String UCUM = "http://unitsofmeasure.org";

  private PathwayDefinitionReader() {}

  /** Reads the pathway; {@code activities} are found by canonical URL. */
  public static PathwayDefinition read(
      PlanDefinition plan, Function<String, Optional<ActivityDefinition>> activities) {
    String code =
        plan.getTopic().stream()
            .flatMap(topic -> topic.getCoding().stream())
            .filter(coding -> PATHWAY_SYSTEM.equals(coding.getSystem()))
            .map(Coding::getCode)
            .findFirst()
            .orElseThrow(() -> invalid(plan, "has no pathway code (topic in " + PATHWAY_SYSTEM));
    Optional<String> policy =
        Optional.ofNullable(plan.getExtensionByUrl(ENROLMENT_POLICY))
            .map(extension -> extension.getValue().primitiveValue());
    List<StepDefinition> steps = new ArrayList<>();
    for (PlanDefinitionActionComponent action : plan.getAction()) {
      steps.add(step(plan, action, activities));
    }
    try {
      return new PathwayDefinition(
          code, plan.getUrl(), plan.getVersion(), plan.getTitle(), policy, steps);
    } catch (IllegalArgumentException e) {
      throw invalid(plan, e.getMessage());
    }
  }

  /** Reads every pathway among the resources given. */
  public static Map<String, PathwayDefinition> readAll(
      List<PlanDefinition> plans, List<ActivityDefinition> activities) {
    Map<String, ActivityDefinition> byUrl =
        activities.stream()
            .collect(Collectors.toMap(ActivityDefinition::getUrl, Function.identity()));
    return plans.stream()
        .map(plan -> read(plan, url -> Optional.ofNullable(byUrl.get(url))))
        .collect(Collectors.toMap(PathwayDefinition::code, Function.identity()));
  }

  private static StepDefinition step(
      PlanDefinition plan,
      PlanDefinitionActionComponent action,
      Function<String, Optional<ActivityDefinition>> activities) {
    String stepCode = action.getId();
    if (stepCode == null || stepCode.isBlank()) {
      throw invalid(plan, "has an action without an id (the step code)");
    }
    String canonical = action.getDefinitionCanonicalType().getValue();
    ActivityDefinition activity =
        Optional.ofNullable(canonical)
            .flatMap(activities)
            .orElseThrow(
                () -> invalid(plan, "step " + stepCode + ": no ActivityDefinition " + canonical));
    if (!activity.getCode().getCoding().stream()
        .anyMatch(c -> STEP_SYSTEM.equals(c.getSystem()) && stepCode.equals(c.getCode()))) {
      throw invalid(plan, "step " + stepCode + ": its ActivityDefinition has another code");
    }
    List<String> after = new ArrayList<>();
    Duration offset = null;
    for (PlanDefinitionActionRelatedActionComponent related : action.getRelatedAction()) {
      if (related.getRelationship() != ActionRelationshipType.AFTEREND) {
        throw invalid(plan, "step " + stepCode + ": only after-end relations are supported");
      }
      after.add(related.getActionId());
      if (related.hasOffsetDuration()) {
        offset = related.getOffsetDuration();
      }
    }
    StepTiming timing;
    TimedFrom timedFrom;
    if (offset != null) {
      timing = timing(plan, stepCode, offset);
      timedFrom = TimedFrom.PREREQUISITES;
    } else if (action.hasTimingDuration()) {
      timing = timing(plan, stepCode, action.getTimingDuration());
      timedFrom = TimedFrom.ENROLMENT;
    } else {
      throw invalid(plan, "step " + stepCode + " has no timing");
    }
    Optional<Applicability> applicability =
        action.getCondition().stream()
            .filter(condition -> condition.getKind() == ActionConditionKind.APPLICABILITY)
            .map(
                condition ->
                    new Applicability(
                        condition.getExpression().getDescription(),
                        condition.getExpression().getLanguage(),
                        condition.getExpression().getExpression()))
            .findFirst();
    Optional<String> event =
        action.getTrigger().stream()
            .filter(trigger -> trigger.getType() == TriggerType.NAMEDEVENT)
            .map(trigger -> trigger.getName())
            .findFirst();
    Optional<StepTiming> recurs =
        Optional.ofNullable(action.getExtensionByUrl(STEP_RECURS))
            .map(extension -> timing(plan, stepCode, (Duration) extension.getValue()));
    String display = activity.hasTitle() ? activity.getTitle() : action.getTitle();
    try {
      return new StepDefinition(
          stepCode,
          display,
          activity.getUrl(),
          participant(plan, stepCode, activity),
          timing,
          timedFrom,
          after,
          applicability,
          event,
          recurs);
    } catch (IllegalArgumentException e) {
      throw invalid(plan, e.getMessage());
    }
  }

  private static Participant participant(
      PlanDefinition plan, String stepCode, ActivityDefinition activity) {
    var participant = activity.getParticipantFirstRep();
    String role =
        participant.getRole().getCoding().stream()
            .filter(c -> CARE_ROLE_SYSTEM.equals(c.getSystem()))
            .map(Coding::getCode)
            .findFirst()
            .orElseThrow(() -> invalid(plan, "step " + stepCode + ": no participant care role"));
    Extension type = participant.getExtensionByUrl(ORGANISATION_TYPE);
    if (type == null || !(type.getValue() instanceof Coding coding)) {
      throw invalid(plan, "step " + stepCode + ": no participant organisation type");
    }
    return new Participant(role, coding.getCode());
  }

  static StepTiming timing(PlanDefinition plan, String stepCode, Duration duration) {
    if (!UCUM.equals(duration.getSystem()) || duration.getValue() == null) {
      throw invalid(plan, "step " + stepCode + ": timing must be a UCUM duration");
    }
    BigDecimal value = duration.getValue();
    int amount = value.intValueExact();
    boolean workingDays =
        Optional.ofNullable(duration.getExtensionByUrl(WORKING_DAYS))
            .map(extension -> Boolean.parseBoolean(extension.getValue().primitiveValue()))
            .orElse(false);
    return switch (duration.getCode()) {
      case "min" -> new StepTiming.After(java.time.Duration.ofMinutes(amount));
      case "h" -> StepTiming.After.hours(amount);
      case "d" ->
          workingDays ? new StepTiming.WorkingDays(amount) : new StepTiming.CalendarDays(amount);
      case "wk" -> new StepTiming.CalendarDays(amount * 7);
      default ->
          throw invalid(
              plan,
              "step " + stepCode + ": timing unit " + duration.getCode() + " (use min, h, d, wk)");
    };
  }

  private static IllegalArgumentException invalid(PlanDefinition plan, String problem) {
    return new IllegalArgumentException("PlanDefinition " + plan.getUrl() + " " + problem);
  }
}
