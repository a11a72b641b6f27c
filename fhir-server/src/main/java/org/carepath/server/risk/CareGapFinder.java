package org.carepath.server.risk;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.risk.CareGapPolicy;
import org.carepath.server.fhir.Searches;
import org.carepath.server.organisation.OrganisationTree;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * Lists the care gaps of the patients registered with an organisation or any organisation below it
 * (practice, PCN, place, ICS), from their latest stored risk results: severe frailty without an
 * active personalised care and support plan, and diabetes care processes missing. Results are as
 * fresh as the last stratification of each patient.
 */
class CareGapFinder {

  static final String RISK_BAND = Canonical.BASE + "/CodeSystem/risk-band";
  static final String DIABETES_CONTROL = Canonical.BASE + "/CodeSystem/diabetes-control";
  static final String CARE_PROCESS = Canonical.BASE + "/CodeSystem/diabetes-care-process";
  static final String CARE_PLAN_CATEGORY = Canonical.BASE + "/CodeSystem/care-plan-category";
  static final String CARE_GAP = Canonical.BASE + "/CodeSystem/care-gap";

  private final DaoRegistry daoRegistry;
  private final OrganisationTree organisations;
  private final CareGapPolicy policy;
  private final Clock clock;

  CareGapFinder(
      DaoRegistry daoRegistry, OrganisationTree organisations, CareGapPolicy policy, Clock clock) {
    this.daoRegistry = daoRegistry;
    this.organisations = organisations;
    this.policy = policy;
    this.clock = clock;
  }

  ListResource gaps(String organizationId, RequestDetails request) {
    Organization root = organisations.read(organizationId, request);
    ListResource list = new ListResource();
    list.setStatus(ListResource.ListStatus.CURRENT);
    list.setMode(ListResource.ListMode.SNAPSHOT);
    list.setTitle("Care gaps: " + root.getName() + " and the organisations within it");
    list.setDate(Date.from(clock.instant()));
    for (String organization :
        organisations.organisationAndBelow(root.getIdElement().getIdPart(), request)) {
      ReferenceParam registeredHere =
          new ReferenceParam("Patient", "general-practitioner", organization);
      for (RiskAssessment severe :
          search(
              RiskAssessment.class,
              request,
              "band",
              new TokenParam(RISK_BAND, "severe"),
              "subject",
              registeredHere)) {
        String patient = severe.getSubject().getReference();
        add(list, patient, policy.severeFrailty(true, hasActivePcsp(patient, request)));
      }
      for (RiskAssessment control :
          search(
              RiskAssessment.class,
              request,
              "band",
              new TokenParam(DIABETES_CONTROL, null),
              "subject",
              registeredHere)) {
        List<String> missing =
            control.getExtension().stream()
                .filter(e -> e.getValue() instanceof CodeableConcept)
                .flatMap(e -> ((CodeableConcept) e.getValue()).getCoding().stream())
                .filter(c -> CARE_PROCESS.equals(c.getSystem()))
                .map(Coding::getCode)
                .toList();
        add(list, control.getSubject().getReference(), policy.diabetesCareProcesses(missing));
      }
    }
    return list;
  }

  private static void add(ListResource list, String patient, CareGapPolicy.Decision decision) {
    if (decision instanceof CareGapPolicy.Gap gap) {
      list.addEntry()
          .setItem(new Reference(patient))
          .setFlag(
              new CodeableConcept(new Coding(CARE_GAP, gap.kind().code(), null))
                  .setText(gap.reason()));
    }
  }

  private boolean hasActivePcsp(String patient, RequestDetails request) {
    return !search(
            CarePlan.class,
            request,
            "subject",
            new ReferenceParam(patient),
            "category",
            new TokenParam(CARE_PLAN_CATEGORY, "pcsp"),
            "status",
            new TokenParam("active"))
        .isEmpty();
  }

  private <T extends IBaseResource> List<T> search(
      Class<T> type, RequestDetails request, Object... nameAndParam) {
    SearchParameterMap map = SearchParameterMap.newSynchronous();
    for (int i = 0; i + 1 < nameAndParam.length; i += 2) {
      map.add(
          (String) nameAndParam[i],
          (ca.uhn.fhir.model.api.IQueryParameterType) nameAndParam[i + 1]);
    }
    @SuppressWarnings("unchecked")
    List<T> found = (List<T>) Searches.all(daoRegistry.getResourceDao(type), map);
    return found;
  }
}
