package org.carepath.coordination.pathway;

import java.util.Optional;
import org.carepath.coordination.organisation.OrganisationType;

/**
 * Which organisation owns a step for a patient, by the participant's organisation type: a GP
 * practice step is the patient's registered practice's; a PCN step that practice's PCN's; a care
 * home step the care home they live in (the enrolment's setting); any other type (community
 * provider, hospital service, social care, hospice…) the one active organisation of that type in
 * the system. Nothing when it is not known, or when several could do it: the step is then unclaimed
 * and shows on coordinators' worklists to be assigned.
 */
public final class StepOwnerPolicy {

  /** What the policy looks up about organisations. */
  public interface Organisations {
    /** The PCN a practice belongs to. */
    Optional<String> pcnOf(String practice);

    /** The one active organisation of the type ({@code organisation-type} code), if just one. */
    Optional<String> onlyOrganisationOfType(String typeCode);
  }

  /**
   * @param practice the patient's registered practice, {@code Organization/<id>}
   * @param careHome the care home the enrolment is for
   */
  public Optional<String> ownerOf(
      Participant participant,
      Optional<String> practice,
      Optional<String> careHome,
      Organisations organisations) {
    Optional<OrganisationType> type = OrganisationType.fromCode(participant.organisationType());
    if (type.isEmpty()) {
      return organisations.onlyOrganisationOfType(participant.organisationType());
    }
    return switch (type.get()) {
      case GP_PRACTICE -> practice;
      case PCN -> practice.flatMap(organisations::pcnOf);
      case CARE_HOME -> careHome;
      default -> organisations.onlyOrganisationOfType(participant.organisationType());
    };
  }
}
