package org.carepath.coordination.pathway;

/** Enhanced Health in Care Homes is for care home residents: the care home must be known. */
final class CareHomeEnrolmentPolicy implements EnrolmentPolicy {

  @Override
  public EnrolmentDecision decide(EnrolmentFacts facts) {
    return facts.careHome().isPresent()
        ? EnrolmentDecision.eligible(
            "The patient lives in a care home (" + facts.careHome().get() + ").")
        : EnrolmentDecision.ineligible(
            "No care home is known for the patient: give the care home (the setting parameter)"
                + " or record the admission (an Encounter or EpisodeOfCare at the care home).");
  }
}
