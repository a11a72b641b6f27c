package org.carepath.coordination.access.fhir;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.access.Relationship;
import org.carepath.coordination.access.Relationship.Standing;
import org.carepath.coordination.access.RelationshipKind;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * The legitimate relationships a stored record makes, read from references to Organizations: a
 * Patient's {@code generalPractitioner} (registered), a CareTeam's participants' {@code member} and
 * {@code onBehalfOf} (care team), a Task's {@code owner} and {@code requester} — referral tracking
 * and pathway step Tasks — (referral or step), an EpisodeOfCare's {@code managingOrganization}
 * (episode of care, e.g. a care home where the person lives). References to Practitioners or
 * PractitionerRoles make none: a relationship is an organisation's.
 */
public final class RelationshipSources {

  /** The resource types whose versions can make or end relationships. */
  public static final Set<String> TYPES = Set.of("Patient", "CareTeam", "Task", "EpisodeOfCare");

  private RelationshipSources() {}

  /** The relationships {@code resource} makes, each with whether it still stands. */
  public static List<Relationship> of(IBaseResource resource) {
    if (resource instanceof Patient patient) {
      return registrations(patient);
    }
    if (resource instanceof CareTeam team) {
      return careTeam(team);
    }
    if (resource instanceof Task task) {
      return task(task);
    }
    if (resource instanceof EpisodeOfCare episode) {
      return episode(episode);
    }
    return List.of();
  }

  private static List<Relationship> registrations(Patient patient) {
    String id = patient.getIdElement().getIdPart();
    Standing standing =
        patient.hasActive() && !patient.getActive() ? Standing.ENDED : Standing.CURRENT;
    return relationships(
        Optional.ofNullable(id),
        organisations(patient.getGeneralPractitioner()),
        RelationshipKind.REGISTERED,
        standing);
  }

  private static List<Relationship> careTeam(CareTeam team) {
    Set<String> organisations = new LinkedHashSet<>();
    team.getParticipant()
        .forEach(
            participant -> {
              organisations.addAll(organisations(List.of(participant.getMember())));
              organisations.addAll(organisations(List.of(participant.getOnBehalfOf())));
            });
    Standing standing;
    if (team.getStatus() == CareTeam.CareTeamStatus.ENTEREDINERROR) {
      standing = Standing.VOID;
    } else if (team.getStatus() == CareTeam.CareTeamStatus.INACTIVE) {
      standing = Standing.ENDED;
    } else {
      standing = Standing.CURRENT;
    }
    return relationships(
        patientOf(team.getSubject()), organisations, RelationshipKind.CARE_TEAM, standing);
  }

  private static List<Relationship> task(Task task) {
    Standing standing;
    switch (task.getStatus() == null ? Task.TaskStatus.NULL : task.getStatus()) {
      case ENTEREDINERROR:
        standing = Standing.VOID;
        break;
      case COMPLETED:
      case CANCELLED:
      case FAILED:
      case REJECTED:
        standing = Standing.ENDED;
        break;
      default:
        standing = Standing.CURRENT;
    }
    Set<String> organisations = new LinkedHashSet<>();
    organisations.addAll(organisations(List.of(task.getOwner())));
    organisations.addAll(organisations(List.of(task.getRequester())));
    return relationships(
        patientOf(task.getFor()), organisations, RelationshipKind.REFERRAL_OR_STEP, standing);
  }

  private static List<Relationship> episode(EpisodeOfCare episode) {
    Standing standing;
    switch (episode.getStatus() == null
        ? EpisodeOfCare.EpisodeOfCareStatus.NULL
        : episode.getStatus()) {
      case ENTEREDINERROR:
        standing = Standing.VOID;
        break;
      case FINISHED:
      case CANCELLED:
        standing = Standing.ENDED;
        break;
      default:
        standing = Standing.CURRENT;
    }
    return relationships(
        patientOf(episode.getPatient()),
        organisations(List.of(episode.getManagingOrganization())),
        RelationshipKind.EPISODE_OF_CARE,
        standing);
  }

  private static List<Relationship> relationships(
      Optional<String> patient,
      Set<String> organisations,
      RelationshipKind kind,
      Standing standing) {
    if (patient.isEmpty()) {
      return List.of();
    }
    List<Relationship> found = new ArrayList<>();
    organisations.forEach(org -> found.add(new Relationship(patient.get(), org, kind, standing)));
    return List.copyOf(found);
  }

  /** {@code Organization/<id>} of each reference to an Organization, in order, once each. */
  static Set<String> organisations(List<Reference> references) {
    Set<String> found = new LinkedHashSet<>();
    for (Reference reference : references) {
      if (reference != null
          && reference.hasReference()
          && "Organization".equals(reference.getReferenceElement().getResourceType())
          && reference.getReferenceElement().hasIdPart()) {
        found.add("Organization/" + reference.getReferenceElement().getIdPart());
      }
    }
    return found;
  }

  static Optional<String> patientOf(Reference reference) {
    if (reference != null
        && reference.hasReference()
        && "Patient".equals(reference.getReferenceElement().getResourceType())
        && reference.getReferenceElement().hasIdPart()) {
      return Optional.of(reference.getReferenceElement().getIdPart());
    }
    return Optional.empty();
  }
}
