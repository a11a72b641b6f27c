package org.carepath.coordination.careplan;

import java.util.Optional;
import java.util.Set;

/**
 * The rules of a person's shared care plan: one active plan per person, and each organisation's
 * section written by that organisation alone (seed 002: "shared care plans accessible by all
 * service providers"; each provider answers for its own part).
 */
public final class SharedCarePlanPolicy {

  /** The decision, with the reason when refused. */
  public sealed interface Decision {
    record Allowed() implements Decision {}

    record Refused(String reason) implements Decision {}

    default boolean allowed() {
      return this instanceof Allowed;
    }
  }

  private static final Decision ALLOWED = new Decision.Allowed();

  /**
   * Whether plan {@code plan} may be the person's active shared care plan, given the one already
   * active ({@code existing}, if any): a person has at most one.
   */
  public Decision toActivate(String patient, String plan, Optional<String> existing) {
    if (existing.isPresent() && !existing.get().equals(plan)) {
      return new Decision.Refused(
          patient
              + " already has an active shared care plan: "
              + existing.get()
              + ". Add to it (a section, a goal, the care team) rather than starting another.");
    }
    return ALLOWED;
  }

  /**
   * Whether a caller acting for {@code actsFor} may store a section owned by {@code owner} that
   * replaces one owned by {@code previousOwner} (empty for a new section): a section belongs to one
   * organisation for good, and only that organisation writes it.
   */
  public Decision toWriteSection(
      Set<String> actsFor, Optional<String> previousOwner, Optional<String> owner) {
    if (owner.isEmpty()) {
      return new Decision.Refused(
          "A care plan section belongs to one organisation: set CarePlan.author to it.");
    }
    if (previousOwner.isPresent() && !previousOwner.get().equals(owner.get())) {
      return new Decision.Refused(
          "This section belongs to "
              + previousOwner.get()
              + " and stays with it; add your own organisation's section instead.");
    }
    if (!actsFor.contains(owner.get())) {
      return new Decision.Refused(
          "This section belongs to "
              + owner.get()
              + "; only that organisation writes it. Add your own organisation's section instead.");
    }
    return ALLOWED;
  }

  /**
   * Whether a section for patient {@code patient} may be part of {@code plan}: it must be that
   * person's active shared care plan.
   */
  public Decision toAttachSection(String patient, String plan, Optional<String> active) {
    if (active.isEmpty() || !active.get().equals(plan)) {
      return new Decision.Refused(
          "A section of "
              + patient
              + " is part of that person's active shared care plan ("
              + active.orElse("none: start one first")
              + "), not "
              + plan
              + ".");
    }
    return ALLOWED;
  }
}
