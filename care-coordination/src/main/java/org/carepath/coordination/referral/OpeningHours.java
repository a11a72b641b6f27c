package org.carepath.coordination.referral;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Set;

/** When a service takes referrals (HealthcareService.availableTime): days, from and until. */
public record OpeningHours(Set<DayOfWeek> days, LocalTime opens, LocalTime closes) {

  public OpeningHours {
    days = Set.copyOf(days);
  }

  public boolean isOpen(ZonedDateTime at) {
    LocalTime time = at.toLocalTime();
    return days.contains(at.getDayOfWeek()) && !time.isBefore(opens) && time.isBefore(closes);
  }
}
