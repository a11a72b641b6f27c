package org.carepath.server.audit;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Patch;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.PatchTypeEnum;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.carepath.server.fhir.FhirOperationProvider;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;

/**
 * {@code GET [base]/AuditEvent/[id]} and {@code GET [base]/AuditEvent?patient=&date=&agent=
 * &entity=&type=&subtype=&action=&outcome=&_id=} ({@code _sort=date|-date}, {@code _count}, {@code
 * _offset}) over the append-only audit store, in place of HAPI's storage of AuditEvents; a create,
 * update, patch or delete is refused (403). Only translates: {@link AuditEventSearch} reads and
 * asks who may see what.
 */
class AuditEventProvider implements IResourceProvider, FhirOperationProvider {

  private final AuditEventSearch search;
  private final int defaultCount;
  private final int maxCount;

  AuditEventProvider(AuditEventSearch search, int defaultCount, int maxCount) {
    this.search = search;
    this.defaultCount = defaultCount;
    this.maxCount = maxCount;
  }

  @Override
  public Class<AuditEvent> getResourceType() {
    return AuditEvent.class;
  }

  @Read
  public AuditEvent read(@IdParam IdType id, RequestDetails request) {
    Optional<AuditEvent> event =
        id.isIdPartValidLong() ? search.read(request, id.getIdPartAsLong()) : Optional.empty();
    return event.orElseThrow(() -> new ResourceNotFoundException(id));
  }

  /** Append-only: only the server writes an AuditEvent. */
  @Create
  public MethodOutcome create(@ResourceParam AuditEvent event) {
    throw appendOnly();
  }

  @Update
  public MethodOutcome update(@IdParam IdType id, @ResourceParam AuditEvent event) {
    throw appendOnly();
  }

  @Patch
  public MethodOutcome patch(@IdParam IdType id, PatchTypeEnum type, @ResourceParam String body) {
    throw appendOnly();
  }

  @Delete
  public MethodOutcome delete(@IdParam IdType id) {
    throw appendOnly();
  }

  private static ForbiddenOperationException appendOnly() {
    return new ForbiddenOperationException(AuditEvents.APPEND_ONLY);
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = "_id") TokenOrListParam ids,
      @OptionalParam(name = AuditEvent.SP_PATIENT) ReferenceOrListParam patients,
      @OptionalParam(name = AuditEvent.SP_AGENT) ReferenceOrListParam agents,
      @OptionalParam(name = AuditEvent.SP_ENTITY) ReferenceOrListParam entities,
      @OptionalParam(name = AuditEvent.SP_TYPE) TokenOrListParam types,
      @OptionalParam(name = AuditEvent.SP_SUBTYPE) TokenOrListParam subtypes,
      @OptionalParam(name = AuditEvent.SP_ACTION) TokenOrListParam actions,
      @OptionalParam(name = AuditEvent.SP_OUTCOME) TokenOrListParam outcomes,
      @OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
      @Sort SortSpec sort,
      @Offset Integer offset,
      @Count Integer count,
      RequestDetails request) {
    AuditQuery query =
        new AuditQuery(
            tokens(ids).stream().map(token -> id(token.code())).toList(),
            references(patients, "Patient").stream()
                .map(r -> r.substring(r.indexOf('/') + 1))
                .toList(),
            references(agents, null),
            references(entities, null),
            tokens(types),
            tokens(subtypes),
            tokens(actions),
            tokens(outcomes),
            Optional.ofNullable(date)
                .map(DateRangeParam::getLowerBoundAsInstant)
                .map(Date::toInstant),
            Optional.ofNullable(date)
                .map(DateRangeParam::getUpperBoundAsInstant)
                .map(Date::toInstant),
            newestFirst(sort));
    int from = offset == null ? 0 : Math.max(0, offset);
    int size = count == null ? defaultCount : Math.min(Math.max(0, count), maxCount);
    AuditEventSearch.Page page = search.search(request, query, from, size);
    return new Page(page, from, size);
  }

  /** A page of events with {@code _offset} links to the next and previous pages. */
  private static final class Page extends SimpleBundleProvider {
    private final boolean more;

    Page(AuditEventSearch.Page page, int offset, int size) {
      super(page.events());
      this.more = page.more();
      setCurrentPageOffset(offset);
      setCurrentPageSize(size);
      // No total: counting would look at every event, including those the caller may not see.
      setSize(null);
    }

    @Override
    public String getNextPageId() {
      return more ? "next" : null;
    }

    @Override
    public String getPreviousPageId() {
      return getCurrentPageOffset() > 0 ? "previous" : null;
    }
  }

  private static boolean newestFirst(SortSpec sort) {
    if (sort == null) {
      return true;
    }
    if (!AuditEvent.SP_DATE.equals(sort.getParamName()) || sort.getChain() != null) {
      throw new InvalidRequestException(
          "AuditEvents are sorted by date only: _sort=-date (newest first, the default) or"
              + " _sort=date.");
    }
    return sort.getOrder() == SortOrderEnum.DESC;
  }

  private static long id(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      // No event has such an id.
      return -1;
    }
  }

  private static List<AuditQuery.Token> tokens(TokenOrListParam list) {
    if (list == null) {
      return List.of();
    }
    return list.getValuesAsQueryTokens().stream().map(AuditEventProvider::token).toList();
  }

  private static AuditQuery.Token token(TokenParam param) {
    if (param.getModifier() != null) {
      throw new InvalidRequestException(
          "AuditEvent token searches take no modifier (" + param.getModifier().getValue() + ").");
    }
    return new AuditQuery.Token(Optional.ofNullable(param.getSystem()), param.getValue());
  }

  /**
   * {@code Type/id} for each reference, or {@code /id} where no type is given; {@code onlyType}, if
   * given, is the only type a reference may name (and the type of one that names none).
   */
  private static List<String> references(ReferenceOrListParam list, String onlyType) {
    if (list == null) {
      return List.of();
    }
    return list.getValuesAsQueryTokens().stream().map(param -> reference(param, onlyType)).toList();
  }

  private static String reference(ReferenceParam param, String onlyType) {
    if (param.getChain() != null) {
      throw new InvalidRequestException("AuditEvent searches do not take chained parameters.");
    }
    String type = param.getResourceType();
    if (onlyType != null && type != null && !onlyType.equals(type)) {
      throw new InvalidRequestException(
          "The patient parameter names a Patient, not a " + type + ".");
    }
    String resourceType = type != null ? type : onlyType;
    return (resourceType == null ? "" : resourceType) + "/" + param.getIdPart();
  }
}
