package org.carepath.coordination.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class StepTimingTest {

  private static final ZoneId LONDON = PathwayFixture.LONDON;

  /** England and Wales bank holidays, 2026 (gov.uk). */
  private static final WorkingCalendar ENGLAND_2026 = PathwayFixture.ENGLAND;

  private static Instant london(String localDateTime) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), LONDON).toInstant();
  }

  @Test
  void aCareHomeAdmissionOnTheFridayBeforeABankHolidayHasItsPlanDueSevenWorkingDaysLater() {
    // Friday 22 May 2026; Monday 25 May is the spring bank holiday.
    Instant admitted = london("2026-05-22T15:30:00");

    Instant due = new StepTiming.WorkingDays(7).dueFrom(admitted, LONDON, ENGLAND_2026);

    // Tue 26, Wed 27, Thu 28, Fri 29, Mon 1, Tue 2, Wed 3 June.
    assertThat(due).isEqualTo(london("2026-06-03T23:59:59"));
  }

  @Test
  void workingDaysSkipWeekendsAndTheChristmasSubstituteDay() {
    // Christmas Day 2026 is a Friday; Boxing Day (Saturday) moves to Monday 28 December.
    assertThat(ENGLAND_2026.addWorkingDays(LocalDate.parse("2026-12-24"), 1))
        .isEqualTo(LocalDate.parse("2026-12-29"));
    assertThat(ENGLAND_2026.isWorkingDay(LocalDate.parse("2026-12-28"))).isFalse();
    assertThat(ENGLAND_2026.isWorkingDay(LocalDate.parse("2026-12-29"))).isTrue();
    assertThat(ENGLAND_2026.addWorkingDays(LocalDate.parse("2026-12-24"), 0))
        .isEqualTo(LocalDate.parse("2026-12-24"));
  }

  @Test
  void hoursAreClockHoursEvenOutOfWorkingTime() {
    Instant referred = london("2026-04-03T16:00:00"); // Good Friday
    assertThat(StepTiming.After.hours(2).dueFrom(referred, LONDON, ENGLAND_2026))
        .isEqualTo(london("2026-04-03T18:00:00"));
  }

  @Test
  void theSameCalendarDayEndsAtLocalMidnightAcrossAClockChange() {
    // Clocks go forward at 01:00 GMT on Sunday 29 March 2026: that day has 23 hours.
    Instant referred = london("2026-03-29T09:00:00");
    assertThat(new StepTiming.CalendarDays(0).dueFrom(referred, LONDON, ENGLAND_2026))
        .isEqualTo(london("2026-03-29T23:59:59"));
    assertThat(new StepTiming.CalendarDays(42).dueFrom(referred, LONDON, ENGLAND_2026))
        .isEqualTo(london("2026-05-10T23:59:59"));
  }

  @Test
  void nothingIsDueBeforeItStarts() {
    assertThatThrownBy(() -> new StepTiming.WorkingDays(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ENGLAND_2026.addWorkingDays(LocalDate.parse("2026-01-05"), -2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
