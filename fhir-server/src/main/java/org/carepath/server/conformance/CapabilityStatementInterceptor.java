package org.carepath.server.conformance;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.List;
import org.carepath.server.fhir.FhirServerInterceptor;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;

/**
 * The server's {@code /metadata} says it instantiates Carepath's published CapabilityStatement and
 * lists, per resource type, the Carepath profiles it enforces (HAPI lists the stored ones; this
 * makes sure every profile of the published statement is there, once).
 */
@Interceptor
class CapabilityStatementInterceptor implements FhirServerInterceptor {

  private final CapabilityStatement published;

  CapabilityStatementInterceptor(List<ConformancePackage.Entry> conformancePackage) {
    this.published =
        conformancePackage.stream()
            .map(ConformancePackage.Entry::resource)
            .filter(CapabilityStatement.class::isInstance)
            .map(CapabilityStatement.class::cast)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the package has no CapabilityStatement"));
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void addCarepathProfiles(IBaseConformance generated) {
    CapabilityStatement statement = (CapabilityStatement) generated;
    statement.addInstantiates(published.getUrl());
    for (var rest : statement.getRest()) {
      for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
        published.getRestFirstRep().getResource().stream()
            .filter(ours -> ours.getType().equals(resource.getType()))
            .flatMap(ours -> ours.getSupportedProfile().stream())
            .filter(profile -> !resource.hasSupportedProfile(profile.getValue()))
            .forEach(profile -> resource.addSupportedProfile(profile.getValue()));
      }
    }
  }
}
