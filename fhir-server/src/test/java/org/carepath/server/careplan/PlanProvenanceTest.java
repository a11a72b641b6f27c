package org.carepath.server.careplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class PlanProvenanceTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  @Test
  void namesTheVersionWrittenThePatientThePersonAndTheirOrganisation() {
    Goal goal = new Goal();
    goal.setId("Goal/7");
    Provenance provenance =
        PlanProvenance.of(
            FHIR,
            goal,
            Optional.of("3"),
            Set.of("42"),
            false,
            false,
            Optional.of("Practitioner/nurse"),
            Optional.of("Organization/trust"),
            Optional.empty(),
            new Date(0));

    assertThat(provenance.getTarget())
        .extracting(Reference::getReference)
        .containsExactly("Goal/7/_history/3", "Patient/42");
    assertThat(provenance.getAgentFirstRep().getWho().getReference())
        .isEqualTo("Practitioner/nurse");
    assertThat(provenance.getAgentFirstRep().getOnBehalfOf().getReference())
        .isEqualTo("Organization/trust");
    assertThat(provenance.getActivity().getCodingFirstRep().getCode()).isEqualTo("UPDATE");
    assertThat(provenance.getReasonFirstRep().getCodingFirstRep().getCode()).isEqualTo("TREAT");
  }

  @Test
  void keepsOnlyTheWritersReasonAndActivityFromTheHeader() {
    CarePlan plan = new CarePlan();
    plan.setId("CarePlan/1");
    Provenance provenance =
        PlanProvenance.of(
            FHIR,
            plan,
            Optional.of("1"),
            Set.of("42"),
            true,
            false,
            Optional.empty(),
            Optional.of("Organization/practice"),
            Optional.of(
                "{\"resourceType\":\"Provenance\",\"reason\":[{\"text\":\"Agreed at the MDT\"}],"
                    + "\"agent\":[{\"who\":{\"reference\":\"Practitioner/someone-else\"}}],"
                    + "\"activity\":{\"text\":\"review\"}}"),
            new Date(0));

    assertThat(provenance.getReasonFirstRep().getText()).isEqualTo("Agreed at the MDT");
    assertThat(provenance.getActivity().getText()).isEqualTo("review");
    assertThat(provenance.getAgent()).hasSize(1);
    assertThat(provenance.getAgentFirstRep().getWho().getReference())
        .as("who wrote it is the server's to say: the organisation, without a practitioner")
        .isEqualTo("Organization/practice");
  }

  @Test
  void aServerWriteNamesCarepathAfterTheUserWhoseRequestLedToIt() {
    CarePlan plan = new CarePlan();
    plan.setId("CarePlan/9");
    Provenance onEnrolment =
        PlanProvenance.of(
            FHIR,
            plan,
            Optional.of("1"),
            Set.of("42"),
            true,
            true,
            Optional.of("Practitioner/gp"),
            Optional.of("Organization/practice"),
            Optional.empty(),
            new Date(0));

    assertThat(onEnrolment.getAgent()).hasSize(2);
    assertThat(onEnrolment.getAgentFirstRep().getWho().getReference()).isEqualTo("Practitioner/gp");
    assertThat(onEnrolment.getAgent().get(1).getType().getCodingFirstRep().getCode())
        .isEqualTo("performer");
    assertThat(onEnrolment.getAgent().get(1).getWho().getIdentifier().getValue())
        .isEqualTo("carepath");
    assertThat(onEnrolment.getAgent().get(1).getWho().getType()).isEqualTo("Device");
    assertThat(onEnrolment.getActivity().getCodingFirstRep().getCode()).isEqualTo("CREATE");

    Provenance byClock =
        PlanProvenance.of(
            FHIR,
            plan,
            Optional.of("2"),
            Set.of("42"),
            false,
            true,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            new Date(0));
    assertThat(byClock.getAgent())
        .as("no user: Carepath alone")
        .singleElement()
        .satisfies(agent -> assertThat(agent.getWho().getDisplay()).isEqualTo("Carepath"));
  }

  @Test
  void aHeaderThatIsNotAProvenanceIsABadRequest() {
    CarePlan plan = new CarePlan();
    plan.setId("CarePlan/1");
    assertThatThrownBy(
            () ->
                PlanProvenance.of(
                    FHIR,
                    plan,
                    Optional.of("1"),
                    Set.of(),
                    true,
                    false,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("{\"resourceType\":\"Patient\"}"),
                    new Date(0)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("X-Provenance");
  }

  @Test
  void thePartsOfAPlanAreItsPlanSectionsGoalsCareTeamsAndEndOfLifeEntries() {
    Observation bloodPressure = new Observation();
    bloodPressure.getCode().addCoding().setSystem("http://loinc.org").setCode("85354-9");
    Observation preference = new Observation();
    preference
        .getCode()
        .addCoding()
        .setSystem("https://fhir.carepath.org/CodeSystem/eol-preference-type")
        .setCode("preferred-place-of-death");
    CarePlan pathway = new CarePlan();
    pathway
        .addCategory()
        .addCoding()
        .setSystem("https://fhir.carepath.org/CodeSystem/care-plan-category")
        .setCode("pathway");

    assertThat(PlanProvenance.isPart(new Goal())).isTrue();
    assertThat(PlanProvenance.isPart(preference)).isTrue();
    assertThat(PlanProvenance.isPart(bloodPressure)).isFalse();
    assertThat(PlanProvenance.isPart(pathway)).as("the engine's own records").isFalse();
  }
}
