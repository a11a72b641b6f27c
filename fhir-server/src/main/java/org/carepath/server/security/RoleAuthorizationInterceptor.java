package org.carepath.server.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import java.util.Optional;
import org.carepath.server.fhir.FhirServerInterceptor;

/**
 * Decides what a caller may do from the roles in their token: every Carepath role reads (and uses
 * the terminology and validation operations, which change nothing), roles that write create and
 * update (also in transactions and by conditional create/update or patch), and nobody deletes:
 * clinical records are corrected with {@code entered-in-error}. Denials are 403 with an
 * OperationOutcome.
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
          "$stratify-status");

  /** Carepath operations that store results: for roles that write. */
  static final List<String> WRITE_OPERATIONS = List.of("$stratify", "$enrol");

  RoleAuthorizationInterceptor() {
    super(PolicyEnum.DENY);
  }

  @Override
  public List<IAuthRule> buildRuleList(RequestDetails request) {
    IAuthRuleBuilder rules = new RuleBuilder();
    rules.allow("capability statement").metadata();
    Optional<CarepathUser> user = currentUser();
    if (user.map(CarepathUser::canRead).orElse(false)) {
      rules.allow("read").read().allResources().withAnyId();
      for (String operation : READ_ONLY_OPERATIONS) {
        rules.allow(operation).operation().named(operation).atAnyLevel().andAllowAllResponses();
      }
    }
    if (user.map(CarepathUser::canWrite).orElse(false)) {
      rules.allow("create and update").write().allResources().withAnyId();
      rules.allow("conditional create").createConditional().allResources();
      rules.allow("conditional update").updateConditional().allResources();
      rules.allow("patch").patch().allRequests();
      rules.allow("transaction").transaction().withAnyOperation().andApplyNormalRules();
      for (String operation : WRITE_OPERATIONS) {
        rules.allow(operation).operation().named(operation).atAnyLevel().andAllowAllResponses();
      }
    }
    return rules
        .denyAll(
            user.isEmpty()
                ? "no Carepath identity"
                : "the caller's role does not allow this request")
        .build();
  }

  private static Optional<CarepathUser> currentUser() {
    return CurrentUser.get();
  }
}
