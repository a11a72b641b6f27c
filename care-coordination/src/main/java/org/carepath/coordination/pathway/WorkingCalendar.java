package org.carepath.coordination.pathway;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;

/**
 * Working days for pathway clocks: Monday to Friday, except the bank holidays it is given
 * (England's list is configuration, published by the government a year or more ahead). "Within 7
 * working days of admission" counts the working days after the day of admission.
 */
public final class WorkingCalendar {

  private final Set<LocalDate> bankHolidays;

  public WorkingCalendar(Set<LocalDate> bankHolidays) {
    this.bankHolidays = Set.copyOf(bankHolidays);
  }

  public boolean isWorkingDay(LocalDate day) {
    DayOfWeek weekday = day.getDayOfWeek();
    return weekday != DayOfWeek.SATURDAY
        && weekday != DayOfWeek.SUNDAY
        && !bankHolidays.contains(day);
  }

  /** The {@code days}-th working day after {@code from} ({@code from} itself when 0). */
  public LocalDate addWorkingDays(LocalDate from, int days) {
    if (days < 0) {
      throw new IllegalArgumentException("working days are counted forwards");
    }
    LocalDate day = from;
    int counted = 0;
    while (counted < days) {
      day = day.plusDays(1);
      if (isWorkingDay(day)) {
        counted++;
      }
    }
    return day;
  }
}
