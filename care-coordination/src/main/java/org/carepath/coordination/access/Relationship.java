package org.carepath.coordination.access;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One organisation's relationship with one patient, as one record shows it: a registration, a care
 * team membership, a referral or step Task it owns or requested, an episode of care it manages.
 *
 * @param patientId the patient's logical id
 * @param organisation {@code Organization/<id>}
 * @param standing whether the record still makes the relationship
 */
public record Relationship(
    String patientId, String organisation, RelationshipKind kind, Standing standing) {

  /** Whether the record still makes the relationship. */
  public enum Standing {
    /** The registration, membership, referral, step or episode is current. */
    CURRENT,
    /**
     * It has ended (completed, finished, removed): the relationship lasts the grace period, so the
     * people who just cared for the patient can still read what they did and follow up.
     */
    ENDED,
    /** It was entered in error: the relationship never existed and ends at once. */
    VOID
  }

  public Relationship {
    Objects.requireNonNull(patientId);
    Objects.requireNonNull(organisation);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(standing);
  }

  /**
   * When the relationship ends: never while current (empty), after the grace period once ended, now
   * when it was entered in error.
   */
  public Optional<Instant> endsAt(Instant now, Duration grace) {
    switch (standing) {
      case CURRENT:
        return Optional.empty();
      case ENDED:
        return Optional.of(now.plus(grace));
      default:
        return Optional.of(now);
    }
  }
}
