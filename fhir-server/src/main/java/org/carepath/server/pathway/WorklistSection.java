package org.carepath.server.pathway;

import java.time.Instant;
import java.util.Set;
import org.hl7.fhir.r4.model.Parameters;

/**
 * Work of another feature that shows on {@code $worklist} beside the pathway steps (e.g. referrals
 * waiting for acceptance, breaching or unroutable). The worklist's scope is given as the
 * organisations whose work it lists ({@code owners}) and the practices whose patients it covers.
 */
public interface WorklistSection {

  void addTo(Parameters worklist, Set<String> owners, Set<String> practices, Instant now);
}
