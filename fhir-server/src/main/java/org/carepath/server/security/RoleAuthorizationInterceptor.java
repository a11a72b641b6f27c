package org.carepath.server.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.carepath.server.fhir.FhirServerInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Decides what a caller may do from the roles in their token: every Carepath role reads (and uses
 * the terminology and validation operations, which change nothing), roles that write create and
 * update clinical records (also in transactions and by conditional create/update or patch), only
 * the {@code content-author} role writes the definitional resources ({@link #DEFINITIONAL}: the
 * pathways, KPIs, profiles and terminology the clinical rules run on, under clinical safety
 * control; the start-up loader writes them as the system), and nobody deletes: clinical records are
 * corrected with {@code entered-in-error}. Denials are 403 with an OperationOutcome.
 */
class RoleAuthorizationInterceptor extends AuthorizationInterceptor
    implements FhirServerInterceptor {

  /** Operations that read or check but change nothing: terminology, validation, reports. */
  static final List<String> READ_ONLY_OPERATIONS =
      List.of(
          "$expand",
          "$lookup",
          "$validate-code",
          "$subsumes",
          "$validate",
          "$apply",
          "$worklist",
          "$evaluate-measure",
          "$gaps",
          "$stratify-status",
          "$everything",
          "$access-report",
          "$shared-care-plan",
          "$summary",
          "$pathway-eligibility",
          // Asserting emergency access stores a grant, not a record; the access policy decides.
          "$emergency-access",
          // A bulk export changes no record; who may start one and what it carries, the access
          // model decides (bulkexport.BulkExportInterceptor).
          "$export",
          "$export-poll-status");

  /** Resource types that define how Carepath works rather than record care. */
  static final List<Class<? extends IBaseResource>> DEFINITIONAL =
      List.of(
          PlanDefinition.class,
          ActivityDefinition.class,
          Measure.class,
          Library.class,
          Questionnaire.class,
          StructureDefinition.class,
          SearchParameter.class,
          CodeSystem.class,
          ValueSet.class,
          ConceptMap.class,
          OperationDefinition.class);

  /** FHIR Bulk Data import and its status: for roles with the import activity. */
  static final List<String> IMPORT_OPERATIONS = List.of("$import", "$import-poll-status");

  /** Carepath operations that store results: for roles that write. */
  static final List<String> WRITE_OPERATIONS =
      List.of("$stratify", "$enrol", "$process-message", "$cohort");

  static final String DEFINITIONS_DENIED =
      "definitional resources (pathways, KPIs, profiles, terminology) are written only by the"
          + " content-author role";

  private final RoleActivities activities;

  RoleAuthorizationInterceptor(RoleActivities activities) {
    super(PolicyEnum.DENY);
    this.activities = activities;
  }

  /** What the rules depend on: whether there is a Carepath identity, and its activities. */
  private record Access(
      boolean identified, boolean reads, boolean writes, boolean authors, boolean imports) {}

  /**
   * The rule list of each kind of caller, built once: it depends only on the caller's activities,
   * and a request is decided against it without changing it.
   */
  private final Map<Access, List<IAuthRule>> ruleLists = new ConcurrentHashMap<>();

  @Override
  public List<IAuthRule> buildRuleList(RequestDetails request) {
    Optional<CarepathUser> user = currentUser();
    java.util.Set<Activity> can = user.map(activities::of).orElse(java.util.Set.of());
    Access access =
        new Access(
            user.isPresent(),
            can.contains(Activity.READ),
            can.contains(Activity.WRITE_RECORDS),
            can.contains(Activity.AUTHOR_DEFINITIONS),
            can.contains(Activity.IMPORT_RECORDS));
    return ruleLists.computeIfAbsent(access, RoleAuthorizationInterceptor::rulesFor);
  }

  private static List<IAuthRule> rulesFor(Access access) {
    IAuthRuleBuilder rules = new RuleBuilder();
    rules.allow("capability statement").metadata();
    if (access.reads()) {
      rules.allow("read").read().allResources().withAnyId();
      for (String operation : READ_ONLY_OPERATIONS) {
        rules.allow(operation).operation().named(operation).atAnyLevel().andAllowAllResponses();
      }
      rules.allow("bulk export").bulkExport().any();
    }
    if (access.authors()) {
      for (Class<? extends IBaseResource> type : DEFINITIONAL) {
        rules.allow("content author").write().resourcesOfType(type).withAnyId();
        rules.allow("content author").createConditional().resourcesOfType(type);
        rules.allow("content author").updateConditional().resourcesOfType(type);
      }
    } else {
      // Before the clinical write rules: the first rule that matches decides.
      for (Class<? extends IBaseResource> type : DEFINITIONAL) {
        rules.deny(DEFINITIONS_DENIED).write().resourcesOfType(type).withAnyId();
        rules.deny(DEFINITIONS_DENIED).createConditional().resourcesOfType(type);
        rules.deny(DEFINITIONS_DENIED).updateConditional().resourcesOfType(type);
      }
    }
    if (access.authors() || access.writes()) {
      rules.allow("transaction").transaction().withAnyOperation().andApplyNormalRules();
    }
    if (access.writes()) {
      rules.allow("create and update").write().allResources().withAnyId();
      rules.allow("conditional create").createConditional().allResources();
      rules.allow("conditional update").updateConditional().allResources();
      rules.allow("patch").patch().allRequests();
      for (String operation : WRITE_OPERATIONS) {
        rules.allow(operation).operation().named(operation).atAnyLevel().andAllowAllResponses();
      }
    }
    if (access.imports()) {
      // Which files, from where: the access model decides (bulkimport.BulkImportInterceptor).
      for (String operation : IMPORT_OPERATIONS) {
        rules.allow(operation).operation().named(operation).onServer().andAllowAllResponses();
      }
    }
    return rules
        .denyAll(
            !access.identified()
                ? "no Carepath identity"
                : "the caller's role does not allow this request")
        .build();
  }

  private static Optional<CarepathUser> currentUser() {
    return CurrentUser.get();
  }
}
