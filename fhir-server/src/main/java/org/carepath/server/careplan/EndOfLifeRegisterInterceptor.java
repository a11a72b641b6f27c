package org.carepath.server.careplan;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import org.carepath.coordination.careplan.EndOfLifeRegisterPolicy;
import org.carepath.coordination.careplan.fhir.EndOfLifeRegisterResources;
import org.carepath.coordination.careplan.fhir.SharedCarePlanResources;
import org.carepath.server.fhir.StoredVersionInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;

/**
 * Feeds each practice's end-of-life register from the end-of-life pathway: every stored version of
 * an enrolment whose status changed is a change to its practice's register ({@link
 * EndOfLifeRegisterPolicy}), applied in the enrolment's transaction ({@link EndOfLifeRegisters}).
 * Users do not write registers themselves (403). Only translates.
 */
class EndOfLifeRegisterInterceptor extends StoredVersionInterceptor {

  private final EndOfLifeRegisterPolicy policy;
  private final EndOfLifeRegisters registers;
  private final Clock clock;

  EndOfLifeRegisterInterceptor(
      EndOfLifeRegisterPolicy policy, EndOfLifeRegisters registers, Clock clock) {
    this.policy = policy;
    this.registers = registers;
    this.clock = clock;
  }

  /** A user's own write or deletion of a register is refused: only the pathway keeps it. */
  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void userCreates(RequestDetails request, IBaseResource resource) {
    refuseUsers(request, resource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void userUpdates(RequestDetails request, IBaseResource previous, IBaseResource resource) {
    refuseUsers(request, previous);
    refuseUsers(request, resource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
  public void userDeletes(RequestDetails request, IBaseResource resource) {
    refuseUsers(request, resource);
  }

  private static void refuseUsers(RequestDetails request, IBaseResource resource) {
    if (request instanceof ServletRequestDetails
        && EndOfLifeRegisterResources.isRegister(resource)) {
      throw new ForbiddenOperationException(EndOfLifeRegisterPolicy.KEPT_BY_THE_PATHWAY);
    }
  }

  @Override
  protected void stored(IBaseResource previous, IBaseResource resource) {
    if (!EndOfLifeRegisterResources.isEnrolment(resource)) {
      return;
    }
    CarePlan enrolment = (CarePlan) resource;
    Optional<String> practice = EndOfLifeRegisterResources.practiceOf(enrolment);
    Optional<String> patient = SharedCarePlanResources.patientOf(enrolment);
    if (practice.isEmpty() || patient.isEmpty() || !enrolment.hasStatus()) {
      return;
    }
    EndOfLifeRegisterPolicy.Change change =
        policy.forEnrolment(
            patient.get(),
            enrolment.getStatus().toCode(),
            Optional.ofNullable(previous)
                .map(CarePlan.class::cast)
                .filter(CarePlan::hasStatus)
                .map(p -> p.getStatus().toCode()),
            Optional.ofNullable(enrolment.getPeriod().getStart()).map(Date::toInstant),
            Optional.ofNullable(enrolment.getPeriod().getEnd()).map(Date::toInstant),
            clock.instant());
    if (!(change instanceof EndOfLifeRegisterPolicy.Change.None)) {
      registers.change(practice.get(), change);
    }
  }
}
