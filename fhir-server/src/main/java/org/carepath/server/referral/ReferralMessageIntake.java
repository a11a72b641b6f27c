package org.carepath.server.referral;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.referral.ReferralMessagePolicy;
import org.carepath.coordination.referral.ReferralMessagePolicy.Decision;
import org.carepath.coordination.referral.fhir.ReferralMessages;
import org.carepath.server.fhir.Searches;
import org.carepath.server.organisation.OrganisationTree;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes in referral messages ({@code $process-message}): reads the message, asks {@link
 * ReferralMessagePolicy} which workflow it names, and runs it as one transaction of the referral
 * workflow under the caller's own rights — so access, validation (the minimum data set), routing,
 * the tracking Task, audit and notifications are those of any referral. The message is recorded in
 * the same transaction ({@link ReferralMessageLog}): a re-sent message stores nothing again.
 */
class ReferralMessageIntake {

  /** The message was already processed; the referral it made, if the caller may see it. */
  static final class AlreadyProcessed extends RuntimeException {
    AlreadyProcessed(String reason) {
      super(reason);
    }
  }

  /** The message names a workflow Carepath has not got, or a conversation it never began. */
  static final class Refused extends RuntimeException {
    private final Decision.Refused refused;

    Refused(Decision.Refused refused) {
      super(refused.reason());
      this.refused = refused;
    }

    Decision.Refused.Kind kind() {
      return refused.kind();
    }
  }

  private final ReferralMessages messages;
  private final ReferralMessagePolicy policy;
  private final ReferralMessageLog log;
  private final IFhirSystemDao<Bundle, Meta> systemDao;
  private final DaoRegistry daos;
  private final OrganisationTree organisations;
  private final TransactionTemplate transactions;

  ReferralMessageIntake(
      ReferralMessages messages,
      ReferralMessagePolicy policy,
      ReferralMessageLog log,
      IFhirSystemDao<Bundle, Meta> systemDao,
      DaoRegistry daos,
      OrganisationTree organisations,
      TransactionTemplate transactions) {
    this.messages = messages;
    this.policy = policy;
    this.log = log;
    this.systemDao = systemDao;
    this.daos = daos;
    this.organisations = organisations;
    this.transactions = transactions;
  }

  /**
   * Processes the message for {@code sender} (the caller's organisation) and answers the response
   * message.
   *
   * @param source this service's {@code $process-message} address, named in the response
   */
  Bundle process(
      Bundle bundle,
      String sender,
      Optional<String> correlationId,
      String source,
      RequestDetails request) {
    ReferralMessages.Message message = messages.read(bundle);
    Decision decision = policy.decide(message.facts());
    if (decision instanceof Decision.Refused refused) {
      throw new Refused(refused);
    }
    if (message.focus().isEmpty()) {
      throw new InvalidRequestException(
          "MessageHeader.focus must name the message's ServiceRequest (by its fullUrl)");
    }
    String referralId =
        transactions.execute(
            status -> {
              if (!log.record(sender, message, correlationId, source)) {
                throw new AlreadyProcessed(alreadyProcessed(sender, message, request));
              }
              String id =
                  decision instanceof Decision.Withdrawal
                      ? withdraw(message, request)
                      : takeIn(message, request);
              log.referral(sender, message.id(), id);
              return id;
            });
    ServiceRequest referral =
        (ServiceRequest)
            daos.getResourceDao(ServiceRequest.class)
                .read(new IdType("ServiceRequest", referralId), request);
    return messages.response(message, source, referral, tasksOf(referralId, request));
  }

  private String takeIn(ReferralMessages.Message message, RequestDetails request) {
    Optional<ServiceRequest> existing = stored(message);
    if (existing.isPresent()) {
      throw new AlreadyProcessed(
          "A referral with this referral number was already received"
              + visibleAs(existing.get().getIdElement().getIdPart(), request)
              + ": send changes on its Task, or withdraw it with reason 'update'");
    }
    Bundle answer =
        systemDao.transactionNested(
            request, messages.newReferral(message, organisations::byOdsCode));
    return answer.getEntry().stream()
        .map(entry -> entry.getResponse().getLocation())
        .filter(location -> location != null && location.startsWith("ServiceRequest/"))
        .map(location -> new IdType(location).getIdPart())
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("The referral transaction stored no referral"));
  }

  private String withdraw(ReferralMessages.Message message, RequestDetails request) {
    ServiceRequest stored =
        stored(message)
            .orElseThrow(
                () ->
                    new ResourceNotFoundException(
                        "No referral with this referral number to withdraw"));
    // Read as the caller: a referral they may not see is answered as missing.
    ServiceRequest visible =
        (ServiceRequest)
            daos.getResourceDao(ServiceRequest.class).read(stored.getIdElement(), request);
    systemDao.transactionNested(request, messages.withdrawal(message, visible));
    return visible.getIdElement().getIdPart();
  }

  /** The referral of the message's referral number, as the server holds it. */
  private Optional<ServiceRequest> stored(ReferralMessages.Message message) {
    Identifier number =
        message
            .referralNumber()
            .orElseThrow(
                () ->
                    new UnprocessableEntityException(
                        "The ServiceRequest needs an identifier with a system: its referral"
                            + " number (or e-RS UBRN)"));
    return Searches.all(
            daos.getResourceDao(ServiceRequest.class),
            SearchParameterMap.newSynchronous(
                "identifier", new TokenParam(number.getSystem(), number.getValue())))
        .stream()
        .map(ServiceRequest.class::cast)
        .findFirst();
  }

  private String alreadyProcessed(
      String sender, ReferralMessages.Message message, RequestDetails request) {
    return "This message ("
        + message.id()
        + ") was already processed"
        + log.referralOf(sender, message.id()).map(id -> visibleAs(id, request)).orElse("");
  }

  /** " as ServiceRequest/<id>" when the caller may read it; nothing otherwise. */
  private String visibleAs(String id, RequestDetails request) {
    try {
      daos.getResourceDao(ServiceRequest.class).read(new IdType("ServiceRequest", id), request);
      return " as ServiceRequest/" + id;
    } catch (ResourceNotFoundException notVisible) {
      return "";
    }
  }

  private List<Resource> tasksOf(String referralId, RequestDetails request) {
    return daos
        .getResourceDao(Task.class)
        .search(
            SearchParameterMap.newSynchronous(
                "focus", new ReferenceParam("ServiceRequest/" + referralId)),
            request)
        .getAllResources()
        .stream()
        .map(Resource.class::cast)
        .toList();
  }
}
