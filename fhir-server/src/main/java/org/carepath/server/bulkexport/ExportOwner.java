package org.carepath.server.bulkexport;

import java.util.Optional;
import java.util.UUID;
import org.carepath.coordination.Canonical;

/**
 * Whom a bulk export was made for: the user who asked and the organisation it was made for, and a
 * key of its own. Written on HAPI's export job (as the identifier its output Binaries carry in
 * {@code securityContext}), so that the job's steps, which run as the server, know whose view to
 * export, and each output file is read only by the user and organisation it was made for.
 *
 * @param key one export's own key (audit: each patient exported is recorded once per export)
 * @param organisation the organisation the export is made for, {@code Organization/<id>}
 * @param odsCode that organisation's ODS code, as the user's token names it
 * @param subject the user's token subject
 */
record ExportOwner(String key, String organisation, String odsCode, String subject) {

  /** The identifier system of an export's owner, on the job and its output Binaries. */
  static final String SYSTEM = Canonical.BASE + "/Id/bulk-export-owner";

  private static final String SEPARATOR = "|";

  static ExportOwner newExport(String organisation, String odsCode, String subject) {
    return new ExportOwner(UUID.randomUUID().toString(), organisation, odsCode, subject);
  }

  /** The identifier value (neither a key, an organisation id nor an ODS code contains a bar). */
  String value() {
    return String.join(SEPARATOR, key, organisation, odsCode, subject);
  }

  /** The owner a value names; empty for a value of another form. */
  static Optional<ExportOwner> parse(String system, String value) {
    if (!SYSTEM.equals(system) || value == null) {
      return Optional.empty();
    }
    String[] parts = value.split("\\|", 4);
    return parts.length == 4
        ? Optional.of(new ExportOwner(parts[0], parts[1], parts[2], parts[3]))
        : Optional.empty();
  }

  /** Whether the caller is the user this export was made for, in the same organisation. */
  boolean isCaller(String callerSubject, Optional<String> callerOrganisation) {
    return subject.equals(callerSubject)
        && callerOrganisation.filter(organisation::equals).isPresent();
  }
}
