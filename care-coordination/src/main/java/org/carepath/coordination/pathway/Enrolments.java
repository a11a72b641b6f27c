package org.carepath.coordination.pathway;

import java.util.List;
import java.util.Optional;

/** Where enrolments are kept (CarePlans and their step Tasks, in the server). */
public interface Enrolments {

  /** The patient's running enrolment in a pathway, if any. */
  Optional<Enrolment> active(String patient, String pathway);

  /** Every running enrolment of the patient. */
  List<Enrolment> allActive(String patient);

  /** The codes of the pathways the patient is enrolled in now (without loading their steps). */
  default java.util.Set<String> activePathways(String patient) {
    return allActive(patient).stream()
        .map(Enrolment::pathway)
        .collect(java.util.stream.Collectors.toSet());
  }

  /**
   * Stores {@code after}, given the enrolment as stored ({@code before}, empty for a new one):
   * creates steps without an id, rewrites steps that changed. Answers the stored enrolment, with
   * ids.
   */
  Enrolment save(Optional<Enrolment> before, Enrolment after);
}
