package org.carepath.server.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.carepath.server.access.WriteAccess.Refusal;
import org.carepath.server.access.WriteAccess.Write;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * A conditional create ({@code If-None-Exist}) or conditional update ({@code PUT Type?criteria})
 * whose criteria match a record the caller may not see must not tell them it exists: HAPI would
 * answer 200 with the match's id (create) or change it (update). Before HAPI runs, the criteria are
 * matched here as the server; when a match is hidden from the caller, the request is answered as
 * its write alone would be if nothing matched — the same 403 when the caller may not write that
 * record anyway (the usual case: another organisation's patient) — and otherwise 412 without the
 * match's id or content (a caller who could write the record learns only that one they may not see
 * has the same identity, so that no second record of it is made).
 */
class ConditionalMatches {

  static final String HIDDEN_MATCH =
      "The condition matches a record you may not see; nothing was stored. A second record of"
          + " the same identity would split it: ask its custodian (for a patient registered"
          + " elsewhere, their registration moves with the patient).";

  private final DaoRegistry daos;
  private final MatchUrlService matchUrls;
  private final FhirContext fhirContext;
  private final PatientAccess access;
  private final WriteAccess writes;

  ConditionalMatches(
      DaoRegistry daos,
      MatchUrlService matchUrls,
      FhirContext fhirContext,
      PatientAccess access,
      WriteAccess writes) {
    this.daos = daos;
    this.matchUrls = matchUrls;
    this.fhirContext = fhirContext;
    this.access = access;
    this.writes = writes;
  }

  /**
   * Why the caller's conditional write of {@code resource} with {@code criteria} may not go ahead,
   * as the error to answer, or empty (no match, only matches they may see, or criteria HAPI must
   * resolve itself: placeholders of a transaction's other entries, or ones it will refuse).
   */
  Optional<BaseServerResponseException> whyNot(
      RequestDetails request, IBaseResource resource, String criteria) {
    if (access.accessor(request).isEmpty()
        || criteria.contains("urn:uuid:")
        || criteria.contains("urn:oid:")
        || !daos.isResourceTypeSupported(resource.fhirType())) {
      return Optional.empty();
    }
    String type = resource.fhirType();
    String url = criteria.contains("?") ? criteria : type + "?" + criteria;
    SearchParameterMap map;
    try {
      map = matchUrls.translateMatchUrl(url, fhirContext.getResourceDefinition(type));
    } catch (InvalidRequestException invalid) {
      return Optional.empty();
    }
    map.setLoadSynchronousUpTo(2);
    @SuppressWarnings("unchecked")
    IFhirResourceDao<IBaseResource> dao = daos.getResourceDao(type);
    List<IResourcePersistentId<?>> matches = dao.searchForIds(map, new SystemRequestDetails());
    for (IResourcePersistentId<?> match : matches) {
      IBaseResource found = dao.readByPid(match);
      if (found != null && hidden(request, found)) {
        return Optional.of(refusal(request, resource, found));
      }
    }
    return Optional.empty();
  }

  private boolean hidden(RequestDetails request, IBaseResource found) {
    return access.whyScopesHide(request, found).isPresent()
        || access.toRead(request, found).filter(decision -> !decision.allowed()).isPresent();
  }

  /** The answer to a write whose match is hidden from the caller; audited as a refusal. */
  private BaseServerResponseException refusal(
      RequestDetails request, IBaseResource resource, IBaseResource match) {
    // Judged as the new record it would be: with an id of its own (a new patient's registration
    // names it).
    IBaseResource created = ((Resource) resource).copy();
    created.setId(resource.fhirType() + "/" + UUID.randomUUID());
    Optional<Refusal> alone = writes.whyNotWrite(request, List.of(new Write(null, created)), null);
    if (alone.isPresent()) {
      writes.audit(request, alone.get());
      return new ForbiddenOperationException(alone.get().reason());
    }
    Map<String, Optional<String>> patients = new LinkedHashMap<>();
    access.patientsOf(match).forEach(patient -> patients.put(patient, Optional.empty()));
    writes.audit(request, new Refusal(HIDDEN_MATCH, patients));
    return new PreconditionFailedException(HIDDEN_MATCH);
  }
}
