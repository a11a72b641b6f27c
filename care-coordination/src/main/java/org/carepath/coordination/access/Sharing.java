package org.carepath.coordination.access;

import java.util.Arrays;
import java.util.Optional;

/**
 * An item's sharing class, a security label the server keeps (the author chooses it when the item
 * is first recorded; nobody changes it afterwards).
 */
public enum Sharing {
  /** Part of the shared record: everyone caring for the patient sees it. */
  SHARED("shared"),
  /** Stays with its custodian organisation: only its staff caring for the patient see it. */
  ORGANISATION_PRIVATE("organisation-private"),
  /**
   * Sealed: only the custodian organisation's staff with a legitimate relationship see it; never
   * opened by emergency access.
   */
  SEALED("sealed");

  private final String code;

  Sharing(String code) {
    this.code = code;
  }

  /** Its code in the Carepath sharing CodeSystem. */
  public String code() {
    return code;
  }

  public static Optional<Sharing> fromCode(String code) {
    return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
  }
}
