package org.carepath.coordination.referral.fhir;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.referral.OpeningHours;
import org.carepath.coordination.referral.ServiceOffer;
import org.carepath.coordination.terminology.Code;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Reference;

/**
 * Reads a HealthcareService of the service directory as routing sees it: what it offers ({@code
 * type} and {@code specialty}), who provides it ({@code providedBy}, the referral Task's owner),
 * the practices, PCNs and places it covers (extension {@code service-coverage}), the priorities it
 * takes (extension {@code accepted-priority}) and when it takes referrals ({@code availableTime}).
 */
public final class ServiceDirectoryReader {

  public static final String COVERAGE = Canonical.BASE + "/StructureDefinition/service-coverage";
  public static final String PRIORITY = Canonical.BASE + "/StructureDefinition/accepted-priority";
  public static final String SERVICE_TYPE = Canonical.BASE + "/CodeSystem/service-type";

  private ServiceDirectoryReader() {}

  public static ServiceOffer offer(HealthcareService service) {
    Set<Code> types = new HashSet<>();
    service.getType().forEach(concept -> types.addAll(codes(concept)));
    service.getSpecialty().forEach(concept -> types.addAll(codes(concept)));
    Set<String> coverage = new HashSet<>();
    Set<String> priorities = new HashSet<>();
    for (Extension extension : service.getExtension()) {
      if (COVERAGE.equals(extension.getUrl()) && extension.getValue() instanceof Reference ref) {
        coverage.add(ref.getReferenceElement().toUnqualifiedVersionless().getValue());
      } else if (PRIORITY.equals(extension.getUrl()) && extension.getValue() != null) {
        priorities.add(extension.getValue().primitiveValue());
      }
    }
    List<OpeningHours> hours = new ArrayList<>();
    for (HealthcareService.HealthcareServiceAvailableTimeComponent time :
        service.getAvailableTime()) {
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      time.getDaysOfWeek().forEach(day -> days.add(dayOf(day.getValue().toCode())));
      if (days.isEmpty()) {
        days.addAll(EnumSet.allOf(DayOfWeek.class));
      }
      boolean allDay = time.getAllDay() || !time.hasAvailableStartTime();
      hours.add(
          new OpeningHours(
              days,
              allDay ? LocalTime.MIN : LocalTime.parse(time.getAvailableStartTime()),
              allDay || !time.hasAvailableEndTime()
                  ? LocalTime.MAX
                  : LocalTime.parse(time.getAvailableEndTime())));
    }
    return new ServiceOffer(
        "HealthcareService/" + service.getIdElement().getIdPart(),
        service.hasName() ? service.getName() : service.getIdElement().getIdPart(),
        service.getProvidedBy().getReferenceElement().toUnqualifiedVersionless().getValue(),
        types,
        coverage,
        priorities,
        hours);
  }

  /** The codes of a concept as the domain sees them. */
  public static Set<Code> codes(CodeableConcept concept) {
    Set<Code> codes = new HashSet<>();
    concept.getCoding().stream()
        .filter(c -> c.hasSystem() && c.hasCode())
        .forEach(c -> codes.add(new Code(c.getSystem(), c.getCode())));
    return codes;
  }

  private static DayOfWeek dayOf(String code) {
    return switch (code.toLowerCase(Locale.ROOT)) {
      case "mon" -> DayOfWeek.MONDAY;
      case "tue" -> DayOfWeek.TUESDAY;
      case "wed" -> DayOfWeek.WEDNESDAY;
      case "thu" -> DayOfWeek.THURSDAY;
      case "fri" -> DayOfWeek.FRIDAY;
      case "sat" -> DayOfWeek.SATURDAY;
      default -> DayOfWeek.SUNDAY;
    };
  }
}
