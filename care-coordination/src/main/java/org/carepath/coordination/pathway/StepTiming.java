package org.carepath.coordination.pathway;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * When a pathway step is due, counted from its start (enrolment or another step's completion): in
 * hours (a clock time), or by the end of a day counted in calendar days (0 = the same day) or in
 * working days. Days are the local days of the pathway's time zone, so a clock change does not move
 * a deadline off its day.
 */
public sealed interface StepTiming {

  /** The moment the step is due. */
  Instant dueFrom(Instant start, ZoneId zone, WorkingCalendar calendar);

  /**
   * Due a clock time {@code after} the start, e.g. a HOT clinic referral accepted within 2 hours
   * (kept to the minute: 90 minutes is 90 minutes, not an hour).
   */
  record After(Duration after) implements StepTiming {
    public After {
      if (after == null || after.isNegative()) {
        throw new IllegalArgumentException("a step cannot be due before it starts");
      }
    }

    public static After hours(long hours) {
      return new After(Duration.ofHours(hours));
    }

    @Override
    public Instant dueFrom(Instant start, ZoneId zone, WorkingCalendar calendar) {
      return start.plus(after);
    }
  }

  /** Due by the end of the {@code days}-th calendar day after the start's day (0: that day). */
  record CalendarDays(int days) implements StepTiming {
    public CalendarDays {
      requireNotNegative(days);
    }

    @Override
    public Instant dueFrom(Instant start, ZoneId zone, WorkingCalendar calendar) {
      return endOf(LocalDate.ofInstant(start, zone).plusDays(days), zone);
    }
  }

  /**
   * Due by the end of the {@code days}-th working day after the start's day, e.g. a personalised
   * care and support plan within 7 working days of admission to a care home.
   */
  record WorkingDays(int days) implements StepTiming {
    public WorkingDays {
      requireNotNegative(days);
    }

    @Override
    public Instant dueFrom(Instant start, ZoneId zone, WorkingCalendar calendar) {
      return endOf(calendar.addWorkingDays(LocalDate.ofInstant(start, zone), days), zone);
    }
  }

  /** The last second of the local day. */
  private static Instant endOf(LocalDate day, ZoneId zone) {
    return day.plusDays(1).atStartOfDay(zone).minusSeconds(1).toInstant();
  }

  private static void requireNotNegative(long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("a step cannot be due before it starts");
    }
  }
}
