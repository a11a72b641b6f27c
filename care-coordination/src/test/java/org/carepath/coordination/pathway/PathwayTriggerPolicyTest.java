package org.carepath.coordination.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.pathway.PathwayTriggerPolicy.DiabetesDiagnosis;
import org.junit.jupiter.api.Test;

class PathwayTriggerPolicyTest {

  private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
  private static final String HOME = "Organization/care-home-1";
  private final PathwayTriggerPolicy policy = new PathwayTriggerPolicy(DiabetesDiagnosis.ENROL);

  private static List<TriggeredAction> actions(PathwayTriggerPolicy policy, RecordEvent event) {
    return policy.actionsFor(event, HOME::equals);
  }

  @Test
  void aDiabetesDiagnosisEnrolsSuggestsOrDoesNothingAsConfigured() {
    RecordEvent diagnosis = new RecordEvent.ProblemRecorded("p1", Set.of(ConditionGroups.DIABETES));
    assertThat(actions(policy, diagnosis))
        .containsExactly(new TriggeredAction.Enrol("diabetes", Optional.empty(), Optional.empty()));
    assertThat(actions(new PathwayTriggerPolicy(DiabetesDiagnosis.SUGGEST), diagnosis))
        .containsExactly(new TriggeredAction.SuggestEnrolment("diabetes"));
    assertThat(actions(new PathwayTriggerPolicy(DiabetesDiagnosis.NONE), diagnosis)).isEmpty();
    assertThat(new PathwayTriggerPolicy(DiabetesDiagnosis.NONE).mayAct(diagnosis)).isFalse();
  }

  @Test
  void aPalliativeCareProblemEnrolsInEndOfLifeAndOtherProblemsDoNothing() {
    assertThat(
            actions(
                policy,
                new RecordEvent.ProblemRecorded("p1", Set.of(ConditionGroups.PALLIATIVE_CARE))))
        .containsExactly(
            new TriggeredAction.Enrol("end-of-life", Optional.empty(), Optional.empty()));
    RecordEvent copd = new RecordEvent.ProblemRecorded("p1", Set.of(ConditionGroups.COPD));
    assertThat(actions(policy, copd)).isEmpty();
    assertThat(policy.mayAct(copd)).isFalse();
  }

  @Test
  void anEpisodeManagedByACareHomeEnrolsFromItsStartAndOtherEpisodesDoNot() {
    assertThat(actions(policy, new RecordEvent.EpisodeOfCareActive("p1", HOME, Optional.of(AT))))
        .containsExactly(
            new TriggeredAction.Enrol("care-homes", Optional.of(HOME), Optional.of(AT)));
    RecordEvent hospital =
        new RecordEvent.EpisodeOfCareActive("p1", "Organization/hospital", Optional.of(AT));
    assertThat(actions(policy, hospital)).isEmpty();
    // Before the organisation is looked up, any episode may be a care home's.
    assertThat(policy.mayAct(hospital)).isTrue();
  }

  @Test
  void anEmergencyAttendanceRaisesTheDiabetesAndCareHomeEvents() {
    assertThat(actions(policy, new RecordEvent.EmergencyAttendance("p1", AT)))
        .containsExactly(
            new TriggeredAction.RaiseEvent("ae-attendance", AT),
            new TriggeredAction.RaiseEvent("hospital-conveyance", AT));
  }

  @Test
  void aDischargeEnrolsInTheCopdReviewFromTheDischarge() {
    assertThat(actions(policy, new RecordEvent.InpatientDischarge("p1", Optional.of(AT))))
        .containsExactly(
            new TriggeredAction.Enrol("copd-post-discharge", Optional.empty(), Optional.of(AT)));
  }

  @Test
  void poorDiabetesControlRaisesTheEscalationAndADeathEndsEveryPathway() {
    assertThat(actions(policy, new RecordEvent.PoorDiabetesControl("p1", AT)))
        .containsExactly(new TriggeredAction.RaiseEvent("poor-control", AT));
    assertThat(actions(policy, new RecordEvent.Died("p1")))
        .containsExactly(new TriggeredAction.EndAllPathways("The patient died.", "death"));
  }

  /** The policy and the pathway content must not drift: every event it raises opens a step. */
  @Test
  void everyPathwayItEnrolsInIsPublishedAndEveryEventItRaisesOpensAStep() {
    List<PathwayDefinition> published =
        List.of(
                "hot-clinic",
                "copd-post-discharge",
                "care-homes",
                "end-of-life",
                "diabetes",
                "frailty")
            .stream()
            .map(PathwayFixture::definition)
            .toList();
    List<RecordEvent> every =
        List.of(
            new RecordEvent.ProblemRecorded(
                "p1", Set.of(ConditionGroups.DIABETES, ConditionGroups.PALLIATIVE_CARE)),
            new RecordEvent.EpisodeOfCareActive("p1", HOME, Optional.empty()),
            new RecordEvent.EmergencyAttendance("p1", AT),
            new RecordEvent.InpatientDischarge("p1", Optional.empty()),
            new RecordEvent.PoorDiabetesControl("p1", AT),
            new RecordEvent.Died("p1"));
    int checked = 0;
    for (RecordEvent event : every) {
      for (TriggeredAction action : actions(policy, event)) {
        checked++;
        if (action instanceof TriggeredAction.Enrol enrol) {
          assertThat(published).anyMatch(p -> p.code().equals(enrol.pathway()));
        } else if (action instanceof TriggeredAction.RaiseEvent raise) {
          assertThat(published).as(raise.event()).anyMatch(p -> p.listensTo(raise.event()));
        } else if (action instanceof TriggeredAction.EndAllPathways end) {
          assertThat(published).anyMatch(p -> p.listensTo(end.closingEvent()));
        }
      }
    }
    assertThat(checked).isEqualTo(8);
  }

  @Test
  void anUnknownDiabetesSettingIsRefusedNamingTheChoices() {
    assertThat(DiabetesDiagnosis.of(" Suggest ")).isEqualTo(DiabetesDiagnosis.SUGGEST);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DiabetesDiagnosis.of("always"))
        .hasMessageContaining("enrol, suggest or none");
  }
}
