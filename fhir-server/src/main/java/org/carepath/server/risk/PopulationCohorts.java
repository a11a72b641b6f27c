package org.carepath.server.risk;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.NumberParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.util.Date;
import java.util.Set;
import java.util.TreeSet;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.access.CohortPolicy;
import org.carepath.coordination.risk.ElectronicFrailtyIndex;
import org.carepath.coordination.risk.TopCohortPolicy;
import org.carepath.server.fhir.Lookups;
import org.carepath.server.fhir.Searches;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * A population run's top cohort (the top N% by eFI) as a FHIR {@code Group} its organisation
 * manages, to review or to export with {@code Group/[id]/$export}: the run's patients whose current
 * eFI score reaches the run's cut-off. One Group per run (conditional create on its identifier: a
 * second request, or two at once, answer the same Group), written as the caller, so that each
 * member's record must be theirs to write.
 */
class PopulationCohorts {

  /** The identifier system of a run's cohort; the value is the run's id. */
  static final String COHORT_IDENTIFIER = Canonical.BASE + "/Id/population-cohort";

  private static final String RISK_MODEL = Canonical.BASE + "/CodeSystem/risk-model";

  private final PopulationRuns runs;
  private final StratifyRuns stratifyRuns;
  private final CohortMakers access;
  private final CohortPolicy policy;
  private final DaoRegistry daoRegistry;

  PopulationCohorts(
      PopulationRuns runs,
      StratifyRuns stratifyRuns,
      CohortMakers access,
      CohortPolicy policy,
      DaoRegistry daoRegistry) {
    this.runs = runs;
    this.stratifyRuns = stratifyRuns;
    this.access = access;
    this.policy = policy;
    this.daoRegistry = daoRegistry;
  }

  /** The cohort of run {@code runId}, made now if it was not already. */
  Group cohort(String runId, RequestDetails request) {
    PopulationRuns.Progress progress =
        runs.progress(runId)
            .orElseThrow(() -> new ResourceNotFoundException("No stratification run " + runId));
    StratifyRuns.Run run = progress.run();
    if (!run.scope().startsWith("Organization/")) {
      throw new UnprocessableEntityException(
          "Run "
              + runId
              + " covered every patient: a cohort is made from a run over one organisation's"
              + " population (Organization/[id]/$stratify), which then manages it.");
    }
    if (access.accessor(request).map(a -> policy.toMake(a, run.scope())).orElse(null)
        instanceof CohortPolicy.Decision.Refused refused) {
      throw new ForbiddenOperationException(refused.reason());
    }
    if (!run.isComplete()) {
      throw new UnprocessableEntityException(
          "Run " + runId + " is still in progress: make its cohort once it has completed.");
    }
    TopCohortPolicy.Cohort top =
        progress
            .topCohort()
            .orElseThrow(
                () ->
                    new UnprocessableEntityException(
                        "Run " + runId + " scored nobody: it has no cohort."));
    String condition = "identifier=" + COHORT_IDENTIFIER + "|" + runId;
    DaoMethodOutcome outcome =
        daoRegistry
            .getResourceDao(Group.class)
            .create(group(runId, run, top, members(runId, top)), condition, request);
    if (outcome.getResource() instanceof Group created) {
      return created;
    }
    return Lookups.byId(daoRegistry, Group.class, outcome.getId().getIdPart()).orElseThrow();
  }

  /** The run's patients whose current eFI score reaches the cut-off, in id order. */
  private Set<String> members(String runId, TopCohortPolicy.Cohort top) {
    Set<String> listed = stratifyRuns.patients(runId);
    SearchParameterMap search =
        SearchParameterMap.newSynchronous(
            "method", new TokenParam(RISK_MODEL, ElectronicFrailtyIndex.MODEL));
    search.add(
        "score",
        new NumberParam()
            .setPrefix(ParamPrefixEnum.GREATERTHAN_OR_EQUALS)
            .setValue(BigDecimal.valueOf(top.minimumScore())));
    Set<String> members = new TreeSet<>();
    for (var found : Searches.all(daoRegistry.getResourceDao(RiskAssessment.class), search)) {
      String patient = ((RiskAssessment) found).getSubject().getReferenceElement().getIdPart();
      if (listed.contains(patient)) {
        members.add(patient);
      }
    }
    return members;
  }

  private static Group group(
      String runId, StratifyRuns.Run run, TopCohortPolicy.Cohort top, Set<String> members) {
    Group group = new Group();
    group.addIdentifier().setSystem(COHORT_IDENTIFIER).setValue(runId);
    group.setActive(true);
    group.setType(Group.GroupType.PERSON);
    group.setActual(true);
    group.setName(
        "Top " + formatted(top.percent()) + "% by eFI of " + run.scope() + " (run " + runId + ")");
    group.setCode(
        new CodeableConcept()
            .setText("Top " + formatted(top.percent()) + "% by electronic frailty index"));
    group.setManagingEntity(new Reference(run.scope()));
    Group.GroupCharacteristicComponent score = group.addCharacteristic();
    score.setCode(
        new CodeableConcept()
            .addCoding(
                new org.hl7.fhir.r4.model.Coding(
                    RISK_MODEL, ElectronicFrailtyIndex.MODEL, "Electronic frailty index")));
    score.setValue(
        new Quantity()
            .setComparator(Quantity.QuantityComparator.GREATER_OR_EQUAL)
            .setValue(top.minimumScore()));
    score.setExclude(false);
    run.completedAt().ifPresent(done -> score.getPeriod().setEnd(Date.from(done)));
    members.forEach(patient -> group.addMember().setEntity(new Reference("Patient/" + patient)));
    group.setQuantity(members.size());
    return group;
  }

  private static String formatted(double percent) {
    return percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
  }
}
