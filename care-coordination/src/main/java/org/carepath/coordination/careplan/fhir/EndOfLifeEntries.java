package org.carepath.coordination.careplan.fhir;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.careplan.EndOfLifeRecordPolicy;
import org.carepath.coordination.risk.fhir.ValueSetCodes;
import org.carepath.coordination.terminology.Code;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.ValueSet;

/** End-of-life record entries (Observations coded from the end-of-life preference types). */
public final class EndOfLifeEntries {

  public static final String TYPE_SYSTEM = Canonical.BASE + "/CodeSystem/eol-preference-type";
  public static final String PLACES = Canonical.BASE + "/ValueSet/place-of-care";

  private EndOfLifeEntries() {}

  /** The entry an Observation records, if it is an end-of-life entry. */
  public static Optional<EndOfLifeRecordPolicy.Entry> of(IBaseResource resource) {
    if (!(resource instanceof Observation observation)) {
      return Optional.empty();
    }
    return observation.getCode().getCoding().stream()
        .filter(c -> TYPE_SYSTEM.equals(c.getSystem()) && c.getCode() != null)
        .findFirst()
        .map(
            type -> {
              Set<Code> places = new HashSet<>();
              if (observation.hasValueCodeableConcept()) {
                observation
                    .getValueCodeableConcept()
                    .getCoding()
                    .forEach(c -> places.add(new Code(c.getSystem(), c.getCode())));
              }
              boolean discussed = false;
              Optional<LocalDate> reviewBy = Optional.empty();
              for (var component : observation.getComponent()) {
                if (component
                    .getCode()
                    .hasCoding(TYPE_SYSTEM, EndOfLifeRecordPolicy.DISCUSSED_WITH)) {
                  discussed |=
                      component.hasValueCodeableConcept()
                              && (component.getValueCodeableConcept().hasCoding()
                                  || component.getValueCodeableConcept().hasText())
                          || component.hasValueStringType()
                              && !component.getValueStringType().getValue().isBlank();
                }
                if (component.getCode().hasCoding(TYPE_SYSTEM, EndOfLifeRecordPolicy.REVIEW_DATE)
                    && component.hasValueDateTimeType()) {
                  reviewBy = Optional.of(day(component.getValueDateTimeType()));
                }
              }
              return new EndOfLifeRecordPolicy.Entry(
                  type.getCode(),
                  observation.getPerformer().stream().anyMatch(r -> r.hasReference()),
                  decided(observation),
                  places,
                  discussed,
                  reviewBy);
            });
  }

  /** When the entry was made: its effective date-time, instant, or the start of its period. */
  private static Optional<LocalDate> decided(Observation observation) {
    if (observation.hasEffectiveDateTimeType()) {
      return Optional.of(day(observation.getEffectiveDateTimeType()));
    }
    if (observation.hasEffectiveInstantType()) {
      return Optional.of(day(observation.getEffectiveInstantType()));
    }
    return observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStart()
        ? Optional.of(day(observation.getEffectivePeriod().getStartElement()))
        : Optional.empty();
  }

  private static LocalDate day(org.hl7.fhir.r4.model.BaseDateTimeType date) {
    return LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay());
  }

  /** The policy with the package's places of care and death. */
  public static EndOfLifeRecordPolicy policy(Collection<ValueSet> valueSets) {
    ValueSet places =
        valueSets.stream()
            .filter(vs -> PLACES.equals(vs.getUrl()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the terminology has no " + PLACES));
    return new EndOfLifeRecordPolicy(ValueSetCodes.enumerated(places, valueSets), PLACES);
  }
}
