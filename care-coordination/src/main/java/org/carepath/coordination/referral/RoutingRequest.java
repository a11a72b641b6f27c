package org.carepath.coordination.referral;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.carepath.coordination.terminology.Code;

/**
 * What routing needs of a referral.
 *
 * @param asked the service asked for (ServiceRequest.performerType / code codes)
 * @param priority routine, urgent, asap or stat
 * @param patientArea the patient's practice and the organisations above it, most local first
 *     (practice, PCN, place)
 * @param at when it was sent, in the service's time zone
 */
public record RoutingRequest(
    Set<Code> asked, String priority, List<String> patientArea, ZonedDateTime at) {

  public RoutingRequest {
    asked = Set.copyOf(asked);
    patientArea = List.copyOf(patientArea);
  }
}
