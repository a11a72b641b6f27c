package org.carepath.server.referral;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.referral.OpeningHours;
import org.carepath.coordination.referral.RoutingDecision;
import org.carepath.coordination.referral.ServiceOffer;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.carepath.coordination.terminology.Code;
import org.carepath.server.conformance.CarepathValidator;
import org.carepath.server.support.PackageValidator;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The referral workflow's own Task writes are server-authored (not validated per write, {@code
 * ReferralWrites}); this is the check that stands in for it: tracking Tasks as Carepath builds them
 * — routed, unroutable, breaching, with a pathway note — conform to the referral Task profile under
 * the full instance validator.
 */
class ReferralResourceConformanceTest {

  private static final String PROFILE = ReferralResources.TASK_PROFILE;
  private static CarepathValidator validator;
  private static ServiceRequest referral;

  @BeforeAll
  static void build() {
    FhirContext fhir = FhirContext.forR4Cached();
    validator = PackageValidator.get();
    referral =
        fhir.newJsonParser()
            .parseResource(
                ServiceRequest.class,
                ReferralCalls.referral(
                    "REF-1", "Patient/42", "community-respiratory", "urgent", null));
    referral.setId("ServiceRequest/7");
  }

  @Test
  void aRoutedTrackingTaskConforms() {
    Task task = tracking();
    ServiceOffer service =
        new ServiceOffer(
            "HealthcareService/s-1",
            "Community respiratory team",
            "Organization/demo-community-trust",
            Set.of(new Code(ReferralCalls.SERVICE_TYPE, "community-respiratory")),
            Set.of("Organization/demo-ics"),
            Set.of("urgent"),
            List.<OpeningHours>of());
    ReferralResources.applyRouting(
        task,
        new RoutingDecision.Routed(service, "it covers the patient"),
        Optional.of(Instant.parse("2026-12-01T23:59:59Z")));
    assertConforms(task);
    task.setBusinessStatus(
        new CodeableConcept(
            new Coding(ReferralResources.BUSINESS_STATUS, "breaching", "Breaching")));
    task.addNote().setText("Enrolled in the HOT clinic pathway: CarePlan/9");
    assertConforms(task);
  }

  @Test
  void anUnroutableTrackingTaskConforms() {
    Task task = tracking();
    ReferralResources.applyRouting(
        task, new RoutingDecision.Unroutable("No service covers the patient."), Optional.empty());
    assertThat(task.hasOwner()).isFalse();
    assertConforms(task);
  }

  private static Task tracking() {
    Task task =
        ReferralResources.trackingTask(
            referral,
            "ServiceRequest/7",
            Optional.of("Organization/demo-practice-1"),
            Instant.parse("2026-11-30T09:00:00Z"));
    task.setId("referral-7");
    return task;
  }

  private static void assertConforms(Task task) {
    var result = validator.validate(task, List.of(PROFILE));
    assertThat(CarepathValidator.hasErrors(result))
        .as(() -> result.getMessages().toString())
        .isFalse();
  }
}
