package org.carepath.coordination.referral;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.carepath.coordination.terminology.Code;

/**
 * A service of the directory (a HealthcareService) as routing sees it.
 *
 * @param id {@code HealthcareService/<id>}
 * @param providedBy the organisation that provides it ({@code Organization/<id>}), the Task's owner
 * @param types what it offers (HealthcareService.type and specialty codes)
 * @param coverage the practices, PCNs and places whose patients it serves (Organization references)
 * @param priorities the request priorities it accepts (routine, urgent, asap, stat)
 * @param hours when it takes referrals; none listed means always
 */
public record ServiceOffer(
    String id,
    String name,
    String providedBy,
    Set<Code> types,
    Set<String> coverage,
    Set<String> priorities,
    List<OpeningHours> hours) {

  public ServiceOffer {
    types = Set.copyOf(types);
    coverage = Set.copyOf(coverage);
    priorities = Set.copyOf(priorities);
    hours = List.copyOf(hours);
  }

  boolean isOpen(ZonedDateTime at) {
    return hours.isEmpty() || hours.stream().anyMatch(h -> h.isOpen(at));
  }
}
