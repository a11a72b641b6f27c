package org.carepath.server.conformance;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carepath.server.fhir.FhirServerInterceptor;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * An expansion of one of Carepath's value sets says which version of the list it is (FHIR R4 {@code
 * $expand}: "ValueSet.status and ValueSet.version from the ValueSet resource instance which
 * contains the definition SHALL be persisted" — HAPI leaves the version out and calls every
 * expansion active) and which shared lists it includes ({@code expansion.parameter} {@code
 * used-valueset}, canonical|version), so a clinical safety officer reading an eFI deficit's
 * expansion sees what it was built from.
 */
@Interceptor
class ExpansionVersionInterceptor implements FhirServerInterceptor {

  private final Map<String, ValueSet> byUrl;

  ExpansionVersionInterceptor(List<ValueSet> packageValueSets) {
    this.byUrl =
        packageValueSets.stream()
            .collect(Collectors.toMap(ValueSet::getUrl, Function.identity(), (a, b) -> a));
  }

  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public boolean describe(RequestDetails request, ResponseDetails response) {
    if ("$expand".equals(request.getOperation())
        && response.getResponseResource() instanceof ValueSet expansion
        && expansion.hasUrl()) {
      ValueSet definition = byUrl.get(expansion.getUrl());
      if (definition != null) {
        describe(expansion, definition);
      }
    }
    return true;
  }

  private void describe(ValueSet expansion, ValueSet definition) {
    // The definition's, whatever HAPI put there (it marks every expansion active, a draft list
    // included).
    expansion.setVersion(definition.getVersion());
    expansion.setStatus(definition.getStatus());
    for (var include : definition.getCompose().getInclude()) {
      for (var included : include.getValueSet()) {
        ValueSet shared = byUrl.get(included.getValue());
        String canonical =
            shared == null ? included.getValue() : shared.getUrl() + "|" + shared.getVersion();
        expansion
            .getExpansion()
            .addParameter()
            .setName("used-valueset")
            .setValue(new UriType(canonical));
      }
    }
  }
}
