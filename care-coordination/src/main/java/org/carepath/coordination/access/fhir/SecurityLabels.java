package org.carepath.coordination.access.fhir;

import java.util.List;
import java.util.Optional;
import org.carepath.coordination.access.Sharing;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The security labels Carepath keeps in {@code meta.security}: the item's sharing class (Carepath
 * sharing CodeSystem) and its custodian, the organisation that recorded it (its ODS code). Reads
 * and writes them; which values a write may carry is the server's decision.
 */
public final class SecurityLabels {

  /** The Carepath sharing CodeSystem. */
  public static final String SHARING = "https://fhir.carepath.org/CodeSystem/sharing";

  /** The custodian organisation, by ODS code. */
  public static final String CUSTODIAN = "https://fhir.nhs.uk/Id/ods-organization-code";

  private SecurityLabels() {}

  /** The labels a resource carries. */
  public record Labels(Optional<String> custodianOds, List<String> sharingCodes) {

    public Labels {
      sharingCodes = List.copyOf(sharingCodes);
    }

    /** The sharing class, shared when unlabelled; empty when the codes are not one known class. */
    public Optional<Sharing> sharing() {
      if (sharingCodes.isEmpty()) {
        return Optional.of(Sharing.SHARED);
      }
      return sharingCodes.size() == 1 ? Sharing.fromCode(sharingCodes.get(0)) : Optional.empty();
    }

    /** Whether it carries any Carepath label. */
    public boolean any() {
      return custodianOds.isPresent() || !sharingCodes.isEmpty();
    }
  }

  public static Labels of(IBaseResource resource) {
    Optional<String> custodian = Optional.empty();
    List<String> sharing = new java.util.ArrayList<>();
    for (IBaseCoding coding : resource.getMeta().getSecurity()) {
      if (CUSTODIAN.equals(coding.getSystem()) && coding.getCode() != null) {
        custodian = Optional.of(coding.getCode());
      } else if (SHARING.equals(coding.getSystem())) {
        sharing.add(String.valueOf(coding.getCode()));
      }
    }
    return new Labels(custodian, sharing);
  }

  /**
   * Replaces the resource's Carepath labels: the custodian when known, and the sharing class unless
   * shared (an unlabelled item is shared). Other security labels stay.
   */
  public static void set(IBaseResource resource, Optional<String> custodianOds, Sharing sharing) {
    List<? extends IBaseCoding> security = resource.getMeta().getSecurity();
    security.removeIf(c -> CUSTODIAN.equals(c.getSystem()) || SHARING.equals(c.getSystem()));
    custodianOds.ifPresent(
        ods -> resource.getMeta().addSecurity().setSystem(CUSTODIAN).setCode(ods));
    if (sharing != Sharing.SHARED) {
      resource
          .getMeta()
          .addSecurity()
          .setSystem(SHARING)
          .setCode(sharing.code())
          .setDisplay(display(sharing));
    }
  }

  private static String display(Sharing sharing) {
    return sharing == Sharing.SEALED ? "Sealed" : "Organisation-private";
  }
}
