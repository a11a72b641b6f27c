package org.carepath.coordination.pathway;

import java.util.Objects;

/**
 * Who does a step: a care role (Carepath's care-role code, e.g. {@code gp}, {@code
 * care-coordinator}) in an organisation of a type (organisation-type code, e.g. {@code
 * gp-practice}, {@code pcn}). The concrete organisation is the one serving the patient.
 */
public record Participant(String role, String organisationType) {
  public Participant {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(organisationType, "organisationType");
  }
}
