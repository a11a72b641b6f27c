package org.carepath.server.careplan;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.ips.api.IpsContext;
import ca.uhn.fhir.jpa.ips.api.IpsSectionContext;
import ca.uhn.fhir.jpa.ips.api.Section;
import ca.uhn.fhir.jpa.ips.jpa.DefaultJpaIpsGenerationStrategy;
import ca.uhn.fhir.jpa.ips.jpa.JpaSectionSearchStrategy;
import ca.uhn.fhir.jpa.ips.jpa.JpaSectionSearchStrategyCollection;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.param.TokenParam;
import jakarta.annotation.Nonnull;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.careplan.fhir.EndOfLifeEntries;
import org.carepath.coordination.careplan.fhir.SharedCarePlanResources;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.RelatedPerson;

/**
 * Carepath's crisis summary as HAPI's International Patient Summary generator builds it: the IPS
 * sections a crisis service needs first (allergies, active problems, medicines — anticipatory
 * medicines among them) and Carepath's own (end-of-life preferences and decisions, what to do in a
 * crisis from the shared care plan, the current care team, key contacts). Each section holds only
 * what the caller may see ({@link VisibleSectionResources}); each section's narrative says how
 * current each entry is.
 */
class CrisisSummaryStrategy extends DefaultJpaIpsGenerationStrategy {

  static final String SECTION_SYSTEM = Canonical.BASE + "/CodeSystem/crisis-summary-section";
  private static final String LOINC = "http://loinc.org";

  /** The narrative template of each section (in {@code carepath/summary/}), by section code. */
  static final Map<String, String> TEMPLATES =
      Map.of(
          LOINC + "|48765-2", "allergies",
          LOINC + "|11450-4", "problems",
          LOINC + "|10160-0", "medicines",
          SECTION_SYSTEM + "|end-of-life", "end-of-life",
          SECTION_SYSTEM + "|crisis-plan", "crisis-plan",
          SECTION_SYSTEM + "|care-team", "care-team",
          SECTION_SYSTEM + "|key-contacts", "key-contacts");

  private final Clock clock;
  private final ZoneId zone;
  private final DaoRegistry daos;
  private final FhirContext fhir;
  private final CarePlanReach reach;

  CrisisSummaryStrategy(
      Clock clock, ZoneId zone, DaoRegistry daos, FhirContext fhir, CarePlanReach reach) {
    this.clock = clock;
    this.zone = zone;
    this.daos = daos;
    this.fhir = fhir;
    this.reach = reach;
    setDaoRegistry(daos);
    setFhirContext(fhir);
  }

  static String sectionProfile(String code) {
    return Canonical.BASE + "/crisis-summary#" + code;
  }

  @Override
  protected void addSections() {
    addJpaSectionAllergyIntolerance();
    addJpaSectionProblemList();
    addJpaSectionMedicationSummary();
    addSection(
        "end-of-life",
        "End-of-life preferences and decisions",
        Observation.class,
        new EndOfLifeSearch());
    addSection("crisis-plan", "What to do in a crisis", CarePlan.class, new CrisisPlanSearch());
    addSection("care-team", "Current care team", CareTeam.class, new ActiveCareTeamSearch());
    addSection("key-contacts", "Key contacts", RelatedPerson.class, new ActiveContactSearch());
  }

  /** Every section, HAPI's and Carepath's, holds only what the caller may see. */
  @Override
  protected void addJpaSection(Section section, JpaSectionSearchStrategyCollection strategies) {
    addSection(section, new VisibleSectionResources(strategies, daos, fhir, reach));
  }

  private <T extends IBaseResource> void addSection(
      String code, String title, Class<T> type, JpaSectionSearchStrategy<T> search) {
    Section section =
        Section.newBuilder()
            .withTitle(title)
            .withSectionSystem(SECTION_SYSTEM)
            .withSectionCode(code)
            .withSectionDisplay(title)
            .withResourceType(type)
            .withProfile(sectionProfile(code))
            .build();
    addJpaSection(
        section, JpaSectionSearchStrategyCollection.newBuilder().addStrategy(type, search).build());
  }

  @Override
  public List<String> getNarrativePropertyFiles() {
    // None: HAPI's generator would make a template engine per section (and read the property files
    // again for each); CrisisSummaryNarratives writes the narratives once the document is built.
    return List.of();
  }

  @Override
  public IBaseResource createAuthor() {
    Organization author = new Organization();
    author.setName("Carepath (crisis summary from the shared care record)");
    author.setId(IdType.newRandomUuid());
    return author;
  }

  @Override
  public String createTitle(IpsContext context) {
    return "Crisis summary as of " + LocalDate.now(clock.withZone(zone));
  }

  /** End-of-life entries, whatever their kind; an entry in error is no entry. */
  static final class EndOfLifeSearch extends JpaSectionSearchStrategy<Observation> {
    @Override
    public void massageResourceSearch(
        @Nonnull IpsSectionContext<Observation> context, @Nonnull SearchParameterMap search) {
      search.add(Observation.SP_CODE, new TokenParam(EndOfLifeEntries.TYPE_SYSTEM, null));
      // Who made each decision is named in the document (resolved by the narrative).
      search.addInclude(new Include("Observation:performer"));
    }

    @Override
    public boolean shouldInclude(
        @Nonnull IpsSectionContext<Observation> context, @Nonnull Observation candidate) {
      return candidate.getStatus() != Observation.ObservationStatus.ENTEREDINERROR
          && candidate.getStatus() != Observation.ObservationStatus.CANCELLED;
    }
  }

  /** The person's active shared care plan. */
  static final class CrisisPlanSearch extends JpaSectionSearchStrategy<CarePlan> {
    @Override
    public void massageResourceSearch(
        @Nonnull IpsSectionContext<CarePlan> context, @Nonnull SearchParameterMap search) {
      search.add(
          CarePlan.SP_CATEGORY,
          new TokenParam(EnrolmentResources.CARE_PLAN_CATEGORY, SharedCarePlanResources.SHARED));
      search.add(CarePlan.SP_STATUS, new TokenParam("active"));
    }
  }

  /** Care teams in force. */
  static final class ActiveCareTeamSearch extends JpaSectionSearchStrategy<CareTeam> {
    @Override
    public void massageResourceSearch(
        @Nonnull IpsSectionContext<CareTeam> context, @Nonnull SearchParameterMap search) {
      search.add(CareTeam.SP_STATUS, new TokenParam("active"));
      search.addInclude(new Include("CareTeam:participant"));
    }
  }

  /** Family, carers and attorneys who are still contacts. */
  static final class ActiveContactSearch extends JpaSectionSearchStrategy<RelatedPerson> {
    @Override
    public boolean shouldInclude(
        @Nonnull IpsSectionContext<RelatedPerson> context, @Nonnull RelatedPerson candidate) {
      return !candidate.hasActive() || candidate.getActive();
    }
  }
}
