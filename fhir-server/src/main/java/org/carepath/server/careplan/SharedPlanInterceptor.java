package org.carepath.server.careplan;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Optional;
import org.carepath.coordination.careplan.SharedCarePlanPolicy;
import org.carepath.coordination.careplan.fhir.SharedCarePlanResources;
import org.carepath.server.fhir.StoredVersionInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;

/**
 * Keeps the register of active shared care plans in step with every stored version, whoever writes
 * it, in the write's transaction: a second active plan for a person is refused (422, naming the one
 * they have), concurrent starts included; a section must be part of its person's active plan. Only
 * translates.
 */
class SharedPlanInterceptor extends StoredVersionInterceptor {

  private final SharedPlanRegister register;
  private final SharedCarePlanPolicy policy;

  SharedPlanInterceptor(SharedPlanRegister register, SharedCarePlanPolicy policy) {
    this.register = register;
    this.policy = policy;
  }

  @Override
  protected void stored(IBaseResource previous, IBaseResource resource) {
    if (!(resource instanceof CarePlan plan)) {
      return;
    }
    Optional<String> patient = SharedCarePlanResources.patientOf(plan);
    if (patient.isEmpty()) {
      return;
    }
    String id = plan.getIdElement().getIdPart();
    if (SharedCarePlanResources.isSharedPlan(plan)) {
      if (SharedCarePlanResources.isLive(plan)) {
        String registered = register.claim(patient.get(), id);
        refuse(
            policy.toActivate(
                "Patient/" + patient.get(),
                "CarePlan/" + id,
                Optional.of("CarePlan/" + registered)));
      } else {
        register.release(patient.get(), id);
      }
    } else if (SharedCarePlanResources.isSection(plan)
        && SharedCarePlanResources.isLive(plan)
        && (previous == null
            || !SharedCarePlanResources.partOf((CarePlan) previous)
                .equals(SharedCarePlanResources.partOf(plan)))) {
      refuse(
          policy.toAttachSection(
              "Patient/" + patient.get(),
              SharedCarePlanResources.partOf(plan).orElse("no plan"),
              register.active(patient.get()).map(active -> "CarePlan/" + active)));
    }
  }

  private static void refuse(SharedCarePlanPolicy.Decision decision) {
    if (decision instanceof SharedCarePlanPolicy.Decision.Refused refused) {
      throw new UnprocessableEntityException(refused.reason());
    }
  }
}
