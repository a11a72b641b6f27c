package org.carepath.server.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.List;
import org.carepath.server.fhir.FhirServerInterceptor;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/**
 * The CapabilityStatement's AuditEvent entry says what the audit store answers: read and search by
 * the parameters {@link AuditEventProvider} takes, no version history, no includes (HAPI would
 * otherwise list every R4 AuditEvent search parameter its registry holds).
 */
class AuditCapabilities implements FhirServerInterceptor {

  private record Param(String name, SearchParamType type) {}

  private static final List<Param> PARAMS =
      List.of(
          new Param("_id", SearchParamType.TOKEN),
          new Param("patient", SearchParamType.REFERENCE),
          new Param("date", SearchParamType.DATE),
          new Param("agent", SearchParamType.REFERENCE),
          new Param("entity", SearchParamType.REFERENCE),
          new Param("type", SearchParamType.TOKEN),
          new Param("subtype", SearchParamType.TOKEN),
          new Param("action", SearchParamType.TOKEN),
          new Param("outcome", SearchParamType.TOKEN));

  /** The search parameters AuditEvents are searched by. */
  static List<String> searchParameters() {
    return PARAMS.stream().map(Param::name).toList();
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void describe(IBaseConformance statement) {
    if (!(statement instanceof CapabilityStatement capabilities)) {
      return;
    }
    capabilities.getRest().stream()
        .flatMap(rest -> rest.getResource().stream())
        .filter(resource -> "AuditEvent".equals(resource.getType()))
        .forEach(AuditCapabilities::describe);
  }

  private static void describe(CapabilityStatementRestResourceComponent auditEvent) {
    // The provider refuses every write (403): only the server appends.
    auditEvent.getInteraction().clear();
    auditEvent.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
    auditEvent.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
    auditEvent.setVersioning(CapabilityStatement.ResourceVersionPolicy.NOVERSION);
    auditEvent.setReadHistory(false);
    auditEvent.setUpdateCreate(false);
    auditEvent.setConditionalCreate(false);
    auditEvent.setConditionalUpdate(false);
    auditEvent.setConditionalDelete(null);
    auditEvent.getSearchInclude().clear();
    auditEvent.getSearchRevInclude().clear();
    auditEvent.getSearchParam().clear();
    for (Param param : PARAMS) {
      auditEvent.addSearchParam(
          new CapabilityStatementRestResourceSearchParamComponent()
              .setName(param.name())
              .setType(param.type())
              .setDefinition(
                  param.name().startsWith("_")
                      ? "http://hl7.org/fhir/SearchParameter/Resource-id"
                      : "http://hl7.org/fhir/SearchParameter/AuditEvent-" + param.name()));
    }
  }
}
