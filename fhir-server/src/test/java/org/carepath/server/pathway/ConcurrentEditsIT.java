package org.carepath.server.pathway;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.util.List;
import org.carepath.server.support.ConcurrentEdits;
import org.junit.jupiter.api.Test;

/**
 * Twenty clients at once completing, declining, holding and reassigning the same steps, each with
 * {@code If-Match} on the version it read (the fault suite's concurrent-edit case, short): no lost
 * update — every accepted write is exactly one new version, every refusal a 412, 409 or 422 with a
 * reason, never a 5xx — and afterwards the pathway CarePlan's activities say what their Tasks say.
 */
class ConcurrentEditsIT extends PathwayCalls {

  @Test
  void twentyClientsEditingTheSameStepsLoseNoUpdate() throws Exception {
    String patient = patient("1938-03-03");
    JsonPath enrolment =
        enrol(patient, "care-homes", "Organization/demo-care-home-1", "2026-11-20T10:00:00Z");
    String plan = enrolment.getString("parameter.find { it.name == 'carePlan' }.resource.id");
    List<String> steps = ConcurrentEdits.readySteps(enrolment);
    assertThat(steps).as("open steps to fight over").hasSizeGreaterThanOrEqualTo(2);

    ConcurrentEdits.Outcome outcome =
        new ConcurrentEdits(() -> as(CARER), PRACTICE).run(plan, steps, 20, 3);

    System.out.println("Concurrent edits, answers by status: " + outcome.byStatus());
    assertThat(outcome.byStatus().keySet()).as("answers given").isSubsetOf(200, 409, 412, 422);
    assertThat(outcome.accepted()).isPositive();
    assertThat(outcome.refusalsWithoutReason()).isEmpty();
    assertThat(outcome.lostUpdates())
        .as("writes accepted on a version someone else had replaced")
        .isEmpty();
    assertThat(outcome.versionsMissing())
        .as("each accepted change is one new version, none lost")
        .isEmpty();
    assertThat(outcome.activitiesDisagreeing())
        .as("the plan's activities say what their Tasks say")
        .isEmpty();
  }
}
