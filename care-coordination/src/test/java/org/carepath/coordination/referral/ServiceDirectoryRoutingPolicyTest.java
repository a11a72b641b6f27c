package org.carepath.coordination.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.carepath.coordination.terminology.Code;
import org.junit.jupiter.api.Test;

class ServiceDirectoryRoutingPolicyTest {

  private static final Code HOT_CLINIC = new Code(Code.SNOMED, "hot-clinic");
  private static final Code FALLS = new Code(Code.SNOMED, "falls");
  private static final List<String> AREA =
      List.of("Organization/practice-1", "Organization/pcn-1", "Organization/place-1");
  private static final OpeningHours WEEKDAYS =
      new OpeningHours(
          EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
          LocalTime.of(8, 0),
          LocalTime.of(18, 0));
  // Monday 23 November 2026, 10:00 and 20:00 in London.
  private static final ZonedDateTime MONDAY_MORNING =
      ZonedDateTime.parse("2026-11-23T10:00:00Z[Europe/London]");
  private static final ZonedDateTime MONDAY_NIGHT =
      ZonedDateTime.parse("2026-11-23T20:00:00Z[Europe/London]");

  private final ServiceDirectoryRoutingPolicy policy = new ServiceDirectoryRoutingPolicy();

  private static ServiceOffer service(
      String id, Code type, String covers, Set<String> priorities, List<OpeningHours> hours) {
    return new ServiceOffer(
        "HealthcareService/" + id,
        id,
        "Organization/provider-" + id,
        Set.of(type),
        Set.of(covers),
        priorities,
        hours);
  }

  @Test
  void routesToTheMostLocalOpenServiceThatTakesThePriority() {
    List<ServiceOffer> directory =
        List.of(
            service("place-hot", HOT_CLINIC, "Organization/place-1", Set.of("urgent"), List.of()),
            service(
                "pcn-hot", HOT_CLINIC, "Organization/pcn-1", Set.of("urgent"), List.of(WEEKDAYS)),
            service("other-hot", HOT_CLINIC, "Organization/pcn-9", Set.of("urgent"), List.of()));

    RoutingDecision decision =
        policy.route(
            new RoutingRequest(Set.of(HOT_CLINIC), "urgent", AREA, MONDAY_MORNING), directory);

    assertThat(decision).isInstanceOf(RoutingDecision.Routed.class);
    RoutingDecision.Routed routed = (RoutingDecision.Routed) decision;
    assertThat(routed.service().id()).isEqualTo("HealthcareService/pcn-hot");
    assertThat(routed.reason()).contains("covers the patient").contains("urgent");

    // At night the PCN's clinic is closed: the place-wide one (always open) takes it.
    RoutingDecision night =
        policy.route(
            new RoutingRequest(Set.of(HOT_CLINIC), "urgent", AREA, MONDAY_NIGHT), directory);
    assertThat(((RoutingDecision.Routed) night).service().id())
        .isEqualTo("HealthcareService/place-hot");
  }

  @Test
  void eachReasonARoutingCanFailIsSaid() {
    List<ServiceOffer> directory =
        List.of(
            service("hot", HOT_CLINIC, "Organization/pcn-1", Set.of("urgent"), List.of(WEEKDAYS)),
            service("far-falls", FALLS, "Organization/pcn-9", Set.of("routine"), List.of()));

    assertThat(
            reason(
                new RoutingRequest(
                    Set.of(new Code(Code.SNOMED, "x")), "urgent", AREA, MONDAY_MORNING),
                directory))
        .isEqualTo("No service in the directory offers x.");
    assertThat(
            reason(new RoutingRequest(Set.of(FALLS), "routine", AREA, MONDAY_MORNING), directory))
        .isEqualTo("No falls service covers the patient's practice, PCN or place.");
    assertThat(
            reason(
                new RoutingRequest(Set.of(HOT_CLINIC), "routine", AREA, MONDAY_MORNING), directory))
        .contains("do not take routine referrals");
    assertThat(
            reason(new RoutingRequest(Set.of(HOT_CLINIC), "urgent", AREA, MONDAY_NIGHT), directory))
        .contains("closed now: a coordinator must find another way");
  }

  @Test
  void aRoutineReferralWaitsForAClosedServiceToOpen() {
    List<ServiceOffer> directory =
        List.of(
            service(
                "falls", FALLS, "Organization/practice-1", Set.of("routine"), List.of(WEEKDAYS)));
    RoutingDecision decision =
        policy.route(new RoutingRequest(Set.of(FALLS), "routine", AREA, MONDAY_NIGHT), directory);
    assertThat(decision).isInstanceOf(RoutingDecision.Routed.class);
    assertThat(((RoutingDecision.Routed) decision).reason()).contains("waits for it to open");
  }

  private String reason(RoutingRequest request, List<ServiceOffer> directory) {
    RoutingDecision decision = policy.route(request, directory);
    assertThat(decision).isInstanceOf(RoutingDecision.Unroutable.class);
    return ((RoutingDecision.Unroutable) decision).reason();
  }
}
