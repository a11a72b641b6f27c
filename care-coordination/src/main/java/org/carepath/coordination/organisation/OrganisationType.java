package org.carepath.coordination.organisation;

import java.util.Arrays;
import java.util.Optional;
import org.carepath.coordination.Canonical;

/**
 * The kinds of organisation in an integrated care system. ICS, place, PCN and GP practice form the
 * hierarchy ({@code Organization.partOf}); the others provide or commission care.
 */
public enum OrganisationType {
  ICS("ics", "Integrated care system"),
  PLACE("place", "Place"),
  PCN("pcn", "Primary care network"),
  GP_PRACTICE("gp-practice", "GP practice"),
  COMMUNITY_PROVIDER("community-provider", "Community health provider"),
  HOSPITAL_SERVICE("hospital-service", "Hospital service"),
  LOCAL_AUTHORITY_SOCIAL_CARE("local-authority-social-care", "Local authority social care"),
  CARE_HOME("care-home", "Care home"),
  HOSPICE("hospice", "Hospice"),
  URGENT_CARE("urgent-care", "Urgent and emergency care (NHS 111, ambulance, out of hours)"),
  VOLUNTARY_SECTOR("voluntary-sector", "Voluntary sector organisation");

  /** Carepath's CodeSystem for organisation types. */
  public static final String SYSTEM = Canonical.BASE + "/CodeSystem/organisation-type";

  private final String code;
  private final String display;

  OrganisationType(String code, String display) {
    this.code = code;
    this.display = display;
  }

  public String code() {
    return code;
  }

  public String display() {
    return display;
  }

  public static Optional<OrganisationType> fromCode(String code) {
    return Arrays.stream(values()).filter(type -> type.code.equals(code)).findFirst();
  }
}
