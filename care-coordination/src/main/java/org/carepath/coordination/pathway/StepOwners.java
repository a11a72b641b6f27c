package org.carepath.coordination.pathway;

import java.util.Optional;

/**
 * Finds the organisation that does a step for this patient: their GP practice, its PCN, the care
 * home they live in, the community provider serving them... Nothing when it is not known: the step
 * is then unclaimed and shows on coordinators' worklists.
 */
@FunctionalInterface
public interface StepOwners {

  Optional<String> ownerFor(Participant participant);
}
