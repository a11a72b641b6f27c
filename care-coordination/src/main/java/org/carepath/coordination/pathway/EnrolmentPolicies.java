package org.carepath.coordination.pathway;

import java.util.Map;
import java.util.Optional;

/**
 * Every pathway's enrolment rule in one place: the common rule, then the named policy its
 * definition asks for (PlanDefinition extension {@code enrolment-policy}).
 */
public final class EnrolmentPolicies {

  private final EnrolmentPolicy common = new CommonEnrolmentPolicy();
  private final Map<String, EnrolmentPolicy> named;

  public EnrolmentPolicies(int frailtyMinimumAge) {
    named =
        Map.of(
            "diabetes", new DiabetesEnrolmentPolicy(),
            "hot-clinic", new HotClinicEnrolmentPolicy(),
            "copd-post-discharge", new CopdPostDischargeEnrolmentPolicy(),
            "end-of-life", new EndOfLifeEnrolmentPolicy(),
            "care-home", new CareHomeEnrolmentPolicy(),
            "frailty", new FrailtyEnrolmentPolicy(frailtyMinimumAge));
  }

  public boolean knows(String policyName) {
    return named.containsKey(policyName);
  }

  EnrolmentDecision decide(PathwayDefinition pathway, EnrolmentFacts facts) {
    EnrolmentDecision decision = common.decide(facts);
    if (!decision.isEligible()) {
      return decision;
    }
    Optional<String> policy = pathway.enrolmentPolicy();
    if (policy.isEmpty()) {
      return decision;
    }
    EnrolmentPolicy rule = named.get(policy.get());
    if (rule == null) {
      throw new IllegalStateException(
          pathway.code() + " names an unknown enrolment policy: " + policy.get());
    }
    return rule.decide(facts);
  }
}
