package org.carepath.server.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.ArrayList;
import java.util.List;
import org.carepath.server.access.WriteAccess.Write;
import org.carepath.server.fhir.FhirServerInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Every write a user makes — plain, conditional, patch, the entries of a transaction, and what the
 * server stores for them in the same request — is checked by {@link WriteAccess#whyNotWrite} before
 * it commits: a single write at once; a transaction's entries together once all are stored (HAPI
 * stores them in its own order), still inside its database transaction. A refusal is 403 with the
 * reason and rolls the whole request back. Conditional creates and updates are checked before they
 * run, so their match cannot reveal a record the caller may not see ({@link ConditionalMatches}).
 * Registered on the REST server, so the server's own work (jobs, the start-up loader) is not
 * checked. Only translates.
 */
class WriteAccessInterceptor implements FhirServerInterceptor {

  private static final String PENDING = WriteAccessInterceptor.class.getName() + ".pending";

  private final PatientAccess access;
  private final WriteAccess writes;
  private final ConditionalMatches conditionalMatches;

  WriteAccessInterceptor(
      PatientAccess access, WriteAccess writes, ConditionalMatches conditionalMatches) {
    this.access = access;
    this.writes = writes;
    this.conditionalMatches = conditionalMatches;
  }

  /**
   * Before a conditional create ({@code If-None-Exist}) or conditional update, alone or as an entry
   * of a transaction, runs: what its condition matches must be the caller's to see.
   */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void conditional(RequestDetails request, RestOperationTypeEnum operation) {
    IBaseResource resource = request.getResource();
    if (resource == null) {
      return;
    }
    if (operation == RestOperationTypeEnum.CREATE) {
      checkMatch(request, resource, request.getHeader(Constants.HEADER_IF_NONE_EXIST));
    } else if (operation == RestOperationTypeEnum.UPDATE) {
      checkMatch(request, resource, request.getConditionalUrl(RestOperationTypeEnum.UPDATE));
    } else if (operation == RestOperationTypeEnum.TRANSACTION
        && resource instanceof Bundle bundle) {
      for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        if (entry.getResource() == null) {
          continue;
        }
        Bundle.BundleEntryRequestComponent call = entry.getRequest();
        if (call.getMethod() == Bundle.HTTPVerb.POST && call.hasIfNoneExist()) {
          checkMatch(request, entry.getResource(), call.getIfNoneExist());
        } else if (call.getMethod() == Bundle.HTTPVerb.PUT && call.getUrl().contains("?")) {
          checkMatch(request, entry.getResource(), call.getUrl());
        }
      }
    }
  }

  private void checkMatch(RequestDetails request, IBaseResource resource, String criteria) {
    if (criteria != null && !criteria.isBlank()) {
      conditionalMatches
          .whyNot(request, resource, criteria)
          .ifPresent(
              refusal -> {
                throw refusal;
              });
    }
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(
      RequestDetails request, IBaseResource resource, TransactionDetails transaction) {
    stored(request, new Write(null, resource), transaction);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(
      RequestDetails request,
      IBaseResource previous,
      IBaseResource resource,
      TransactionDetails transaction) {
    stored(request, new Write(previous, resource), transaction);
  }

  /**
   * Before an update or patch is stored — also one that changes nothing, which HAPI answers without
   * storing — the caller must be able to see the version they replace: nobody learns that a record
   * out of their reach exists by writing to it and being answered 200.
   */
  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void replacing(
      IBaseResource previous,
      IBaseResource resource,
      RequestDetails request,
      TransactionDetails transaction) {
    if (isBundle(request)) {
      // A transaction's entries are checked together once stored; HAPI also updates the records
      // it has just created there (to resolve references), before their relationships exist.
      return;
    }
    writes
        .whyNotReplace(request, previous)
        .ifPresent(
            refusal -> {
              throw refusal;
            });
  }

  /** After every entry of a transaction (or of one batch entry) is stored, before commit. */
  @Hook(Pointcut.STORAGE_TRANSACTION_PROCESSED)
  public void transactionProcessed(RequestDetails request, TransactionDetails transaction) {
    @SuppressWarnings("unchecked")
    List<Write> pending = (List<Write>) request.getUserData().remove(PENDING);
    if (pending != null) {
      check(request, pending, transaction);
    }
  }

  private void stored(RequestDetails request, Write write, TransactionDetails transaction) {
    if (isBundle(request)) {
      @SuppressWarnings("unchecked")
      List<Write> pending =
          (List<Write>) request.getUserData().computeIfAbsent(PENDING, key -> new ArrayList<>());
      pending.add(write);
    } else {
      check(request, List.of(write), transaction);
    }
  }

  private static boolean isBundle(RequestDetails request) {
    return request.getRestOperationType() == RestOperationTypeEnum.TRANSACTION
        || request.getRestOperationType() == RestOperationTypeEnum.BATCH;
  }

  private void check(RequestDetails request, List<Write> batch, TransactionDetails transaction) {
    writes
        .refused(request, batch, transaction)
        .ifPresent(
            reason -> {
              throw new ForbiddenOperationException(reason);
            });
  }
}
