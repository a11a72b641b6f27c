package org.carepath.server.audit;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * AuditEvent reads and searches for the REST server: the events of the store the caller may see
 * ({@link AuditReach}), filtered before paging — a page holds {@code count} events the caller may
 * see, and whether there are more is known without counting what they may not. What it shows is
 * audited.
 */
class AuditEventSearch {

  /** How many stored events one look at the store takes. */
  private static final int CHUNK = 200;

  private final AuditStore store;
  private final AuditReach reach;
  private final AuditTrail trail;

  AuditEventSearch(AuditStore store, AuditReach reach, AuditTrail trail) {
    this.store = store;
    this.reach = reach;
    this.trail = trail;
  }

  /** A page of a search: its events, and whether more follow. */
  record Page(List<AuditEvent> events, boolean more) {}

  /** The event, if it is stored and the caller may see it. */
  Optional<AuditEvent> read(RequestDetails request, long id) {
    Optional<AuditEvent> event = store.find(id).filter(shown -> reach.maySee(request, shown));
    event.ifPresent(shown -> shown(request, List.of(shown)));
    return event;
  }

  /** Reading the audit trail is audited, per patient whose events were shown. */
  private void shown(RequestDetails request, List<AuditEvent> events) {
    Set<String> patients = new LinkedHashSet<>();
    events.forEach(event -> patients.addAll(AuditEvents.patients(event)));
    trail.auditEventsShown(request, patients);
  }

  /** The {@code offset}-th to the {@code offset + count}-th event the caller may see. */
  Page search(RequestDetails request, AuditQuery query, int offset, int count) {
    List<AuditEvent> page = new ArrayList<>(count);
    int visible = 0;
    Optional<AuditStore.Stored> last = Optional.empty();
    while (true) {
      List<AuditStore.Stored> chunk = store.search(query, last, CHUNK);
      for (AuditStore.Stored stored : chunk) {
        if (!reach.maySee(request, stored.event())) {
          continue;
        }
        if (visible++ < offset) {
          continue;
        }
        if (page.size() == count) {
          shown(request, page);
          return new Page(page, true);
        }
        page.add(stored.event());
      }
      if (chunk.size() < CHUNK) {
        shown(request, page);
        return new Page(page, false);
      }
      last = Optional.of(chunk.get(chunk.size() - 1));
    }
  }
}
