package org.carepath.coordination.access.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class ObjectionsTest {

  private static Consent objection() {
    Consent consent = new Consent();
    consent.setStatus(Consent.ConsentState.ACTIVE);
    consent.setScope(
        new CodeableConcept()
            .addCoding(
                new org.hl7.fhir.r4.model.Coding(Objections.SCOPES, "patient-privacy", null)));
    consent.setPatient(new Reference("Patient/7"));
    consent.getProvision().setType(Consent.ConsentProvisionType.DENY);
    return consent;
  }

  @Test
  void anActivePrivacyConsentThatDeniesIsAnObjectionUntilItsPeriodEnds() {
    Consent consent = objection();
    assertThat(Objections.of(consent))
        .hasValueSatisfying(
            o -> {
              assertThat(o.patientId()).isEqualTo("7");
              assertThat(o.until()).isEmpty();
            });
    Instant end = Instant.parse("2027-01-01T00:00:00Z");
    consent.getProvision().setPeriod(new Period().setEnd(Date.from(end)));
    assertThat(Objections.of(consent).orElseThrow().until()).contains(end);
  }

  @Test
  void withdrawnPermittingOrOtherScopesAreNoObjection() {
    Consent withdrawn = objection().setStatus(Consent.ConsentState.INACTIVE);
    Consent permits = objection();
    permits.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
    Consent research = objection();
    research.getScope().getCodingFirstRep().setCode("research");
    Consent noPatient = objection().setPatient(new Reference("Group/1"));

    assertThat(Objections.of(withdrawn)).isEmpty();
    assertThat(Objections.of(permits)).isEmpty();
    assertThat(Objections.of(research)).isEmpty();
    assertThat(Objections.of(noPatient)).isEmpty();
    assertThat(Objections.isObjection(new org.hl7.fhir.r4.model.Patient())).isFalse();
  }
}
