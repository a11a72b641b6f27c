package org.carepath.server.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.util.FhirTerser;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Reference;

/**
 * Conditional references ({@code Organization?identifier=…|Z99101}) are resolved by HAPI when it
 * stores a resource, but the resource its storage hooks see may still carry them. Access needs the
 * real targets (whose record, which practice), so this takes them from HAPI's own resolution, kept
 * in the write's {@link TransactionDetails}, on a copy. Nothing is searched: a search inside the
 * write's session could disturb what HAPI has yet to flush. A reference HAPI did not resolve is
 * left as it is.
 */
class ConditionalReferences {

  private final FhirTerser terser;

  ConditionalReferences(FhirContext fhirContext) {
    this.terser = fhirContext.newTerser();
  }

  /** {@code resource} itself when it has no conditional reference; else a resolved copy. */
  IBaseResource resolved(IBaseResource resource, TransactionDetails transaction) {
    if (conditional(resource).isEmpty() || transaction == null) {
      return resource;
    }
    IBaseResource copy = ((org.hl7.fhir.r4.model.Resource) resource).copy();
    for (Reference reference : conditional(copy)) {
      resolve(reference.getReference(), transaction).ifPresent(reference::setReference);
    }
    return copy;
  }

  /** Whether a reference to a {@code type} is still conditional (it did not resolve). */
  boolean hasConditional(IBaseResource resource, String type) {
    return conditional(resource).stream()
        .anyMatch(reference -> reference.getReference().startsWith(type + "?"));
  }

  private List<Reference> conditional(IBaseResource resource) {
    return terser.getAllPopulatedChildElementsOfType(resource, Reference.class).stream()
        .filter(r -> r.hasReference() && r.getReference().indexOf('?') > 0)
        .filter(r -> !r.getReference().startsWith("#"))
        .filter(
            r -> !r.getReference().startsWith("http:") && !r.getReference().startsWith("https:"))
        .toList();
  }

  private static Optional<String> resolve(String url, TransactionDetails transaction) {
    IResourcePersistentId<?> pid = transaction.getResolvedMatchUrls().get(url);
    if (pid == null) {
      return Optional.empty();
    }
    IIdType id = pid.getAssociatedResourceId();
    if (id == null || !id.hasIdPart()) {
      id = transaction.getReverseResolvedId(pid);
    }
    if (id == null || !id.hasIdPart()) {
      return Optional.empty();
    }
    String type = url.substring(0, url.indexOf('?'));
    return Optional.of(type + "/" + id.getIdPart());
  }
}
