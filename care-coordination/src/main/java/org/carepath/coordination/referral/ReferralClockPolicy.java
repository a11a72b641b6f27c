package org.carepath.coordination.referral;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import org.carepath.coordination.pathway.StepTiming;
import org.carepath.coordination.pathway.WorkingCalendar;
import org.carepath.coordination.terminology.Code;

/**
 * By when a referral must be accepted (or answered), from its priority and the service (PATHWAYS.md
 * §1, §6; configurable defaults): a HOT clinic within the timing of the HOT clinic pathway's
 * acceptance step (its PlanDefinition says 2 hours of being sent: one number for the referral's
 * clock and the pathway's step); an urgent (or asap, stat) referral by the end of the next working
 * day; a routine one by the end of the fifth working day. Working days skip weekends and the
 * configured bank holidays, counted in the service's zone.
 */
public final class ReferralClockPolicy {

  private final Set<Code> hotClinicTypes;
  private final StepTiming hotClinic;
  private final StepTiming urgent;
  private final StepTiming routine;
  private final ZoneId zone;
  private final WorkingCalendar calendar;

  public ReferralClockPolicy(
      Set<Code> hotClinicTypes,
      StepTiming hotClinicAccept,
      int urgentWorkingDays,
      int routineWorkingDays,
      ZoneId zone,
      WorkingCalendar calendar) {
    this.hotClinicTypes = Set.copyOf(hotClinicTypes);
    this.hotClinic = hotClinicAccept;
    this.urgent = new StepTiming.WorkingDays(urgentWorkingDays);
    this.routine = new StepTiming.WorkingDays(routineWorkingDays);
    this.zone = zone;
    this.calendar = calendar;
  }

  /** When the referral, sent at {@code sent} to a service offering {@code types}, is due. */
  public Instant acceptBy(Set<Code> types, String priority, Instant sent) {
    StepTiming timing;
    if (types.stream().anyMatch(hotClinicTypes::contains)) {
      timing = hotClinic;
    } else if ("routine".equals(priority)) {
      timing = routine;
    } else {
      timing = urgent;
    }
    return timing.dueFrom(sent, zone, calendar);
  }

  /** Whether a service offering {@code types} is a HOT clinic (acceptance enrols the patient). */
  public boolean isHotClinic(Set<Code> types) {
    return types.stream().anyMatch(hotClinicTypes::contains);
  }
}
